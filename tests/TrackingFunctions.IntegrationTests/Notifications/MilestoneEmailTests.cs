using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Notifications;

namespace TrackingFunctions.IntegrationTests.Notifications;

/// <summary>Against Azurite and smtp4dev: which changes send a shopper email, to whom, in which language, and how often.</summary>
public sealed class MilestoneEmailTests
{
    private static string NewId() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Each_milestone_sends_exactly_one_email_in_the_customers_language_to_their_address()
    {
        await using var app = await NotificationApp.StartAsync();
        var id = NewId();
        var tags = new[] { TrackingTags.InfoReceived, TrackingTags.InTransit, TrackingTags.OutForDelivery, TrackingTags.AttemptFail, TrackingTags.AvailableForPickup, TrackingTags.Exception, TrackingTags.Delivered };
        for (var i = 0; i < tags.Length; i++)
        {
            Assert.Equal(200, await app.PostAsync(NotificationApp.Tracking(id, tags[i], minutes: i, checkpoints: i + 1, ($"anna.{id[..8]}@example.de", "Anna", "de-DE"))));
            await app.DeliverUntilFinalAsync(id);
        }

        var messages = await app.MessagesToAsync($"anna.{id[..8]}@example.de");
        Assert.Equal(6, messages.Count);
        var subjects = messages.Select(m => (string)m["subject"]!).ToHashSet();
        Assert.Contains("Test Shop: Ihr Paket ist unterwegs", subjects);
        Assert.Contains("Test Shop: Ihr Paket wurde zugestellt", subjects);
        Assert.Contains("Test Shop: Ihr Paket liegt zur Abholung bereit", subjects);
        var records = await app.RecordsAsync(id);
        Assert.Equal(6, records.Count(r => r.State == NotificationState.Sent));
        Assert.All(records.SelectMany(r => r.Recipients), r => Assert.Equal("a***@example.de", r.Masked));
    }

    [Fact]
    public async Task Email_is_multipart_with_one_click_unsubscribe_headers_and_an_absolute_tracking_link()
    {
        await using var app = await NotificationApp.StartAsync();
        var id = NewId();
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.OutForDelivery, 0, 1, ($"sam.{id[..8]}@example.com", "Sam", null)));
        await app.DeliverUntilFinalAsync(id);

        var message = Assert.Single(await app.MessagesToAsync($"sam.{id[..8]}@example.com"));
        Assert.Equal("Test Shop: Your parcel is out for delivery", (string?)message["subject"]);
        var parsed = await app.Smtp.MessageAsync((string)message["id"]!);
        Assert.Equal("multipart/alternative", parsed.Body!.ContentType.MimeType);
        Assert.NotNull(parsed.TextBody);
        Assert.NotNull(parsed.HtmlBody);
        Assert.StartsWith("<" + NotificationApp.PublicBaseUrl + "/unsubscribe?t=", parsed.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", parsed.Headers["List-Unsubscribe-Post"]);
        var trackingUrl = NotificationApp.PublicBaseUrl + "/track/ups/NUM" + id[..10].ToUpperInvariant();
        Assert.Contains(trackingUrl, parsed.TextBody, StringComparison.Ordinal);
        Assert.Contains("href=\"" + trackingUrl + "\"", parsed.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Sam", parsed.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", parsed.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", parsed.HtmlBody, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Duplicate_stale_and_unchanged_webhooks_send_no_second_email()
    {
        await using var app = await NotificationApp.StartAsync();
        var id = NewId();
        var customer = ($"dup.{id[..8]}@example.com", (string?)"Dee", (string?)"en");
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.InTransit, 10, 2, customer));
        await app.DeliverUntilFinalAsync(id);

        // The same state again, an older state, and a newer one that only adds a checkpoint.
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.InTransit, 10, 2, customer));
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.InTransit, 5, 1, customer));
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.InTransit, 20, 3, customer));
        await app.DeliverUntilFinalAsync(id);

        Assert.Single(await app.MessagesToAsync($"dup.{id[..8]}@example.com"));
        Assert.Single(await app.RecordsAsync(id));
    }

    [Fact]
    public async Task A_milestone_reached_twice_sends_once_and_a_return_to_transit_sends_nothing()
    {
        await using var app = await NotificationApp.StartAsync();
        var id = NewId();
        var customer = ($"twice.{id[..8]}@example.com", (string?)null, (string?)null);
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.InTransit, 0, 1, customer));
        await app.DeliverUntilFinalAsync(id);
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.AttemptFail, 1, 2, customer));
        await app.DeliverUntilFinalAsync(id);
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.InTransit, 2, 3, customer));
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.AttemptFail, 3, 4, customer));
        await app.DeliverUntilFinalAsync(id);

        var subjects = (await app.MessagesToAsync($"twice.{id[..8]}@example.com")).Select(m => (string)m["subject"]!).Order().ToList();
        Assert.Equal(["Test Shop: The courier could not deliver your parcel", "Test Shop: Your parcel is on its way"], subjects);
    }

    [Fact]
    public async Task An_overtaken_milestone_is_superseded_and_only_the_newer_one_is_sent()
    {
        await using var app = await NotificationApp.StartAsync();
        var id = NewId();
        var customer = ($"fast.{id[..8]}@example.com", (string?)null, (string?)"en");
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.OutForDelivery, 0, 1, customer));
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.Delivered, 1, 2, customer));

        var records = await app.DeliverUntilFinalAsync(id);

        var message = Assert.Single(await app.MessagesToAsync($"fast.{id[..8]}@example.com"));
        Assert.Equal("Test Shop: Your parcel has been delivered", (string?)message["subject"]);
        Assert.Equal(NotificationState.Superseded, records.Single(r => r.Milestone == TrackingTags.OutForDelivery).State);
        Assert.Equal(NotificationState.Sent, records.Single(r => r.Milestone == TrackingTags.Delivered).State);
    }

    [Fact]
    public async Task An_import_sends_nothing_for_what_it_finds_and_later_milestones_still_send()
    {
        await using var app = await NotificationApp.StartAsync();
        var id = NewId();
        var customer = ($"import.{id[..8]}@example.com", (string?)null, (string?)null);
        await app.ImportAsync(NotificationApp.Tracking(id, TrackingTags.OutForDelivery, 0, 3, customer));
        await app.DeliverAsync();
        Assert.Empty(await app.MessagesToAsync($"import.{id[..8]}@example.com"));
        Assert.Equal(NotificationState.BeforeImport, Assert.Single(await app.RecordsAsync(id)).State);

        // Another read of the same state by a webhook is no news either; the next milestone is.
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.OutForDelivery, 0, 3, customer));
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.Delivered, 5, 4, customer));
        await app.DeliverUntilFinalAsync(id);

        var message = Assert.Single(await app.MessagesToAsync($"import.{id[..8]}@example.com"));
        Assert.Equal("Test Shop: Your parcel has been delivered", (string?)message["subject"]);
    }

    [Fact]
    public async Task A_tracking_without_customer_email_records_no_recipient_and_no_address_reaches_the_log()
    {
        await using var app = await NotificationApp.StartAsync();
        var id = NewId();
        var tracking = NotificationApp.Tracking(id, TrackingTags.Delivered, 0, 1);
        tracking["customers"] = new System.Text.Json.Nodes.JsonArray();
        await app.PostAsync(tracking);
        var other = NewId();
        await app.PostAsync(NotificationApp.Tracking(other, TrackingTags.Delivered, 0, 1, ($"secret.person.{other[..8]}@example.com", "Secret Person", null)));

        Assert.Equal(NotificationState.NoRecipient, Assert.Single(await app.DeliverUntilFinalAsync(id)).State);
        Assert.Equal(NotificationState.Sent, Assert.Single(await app.DeliverUntilFinalAsync(other)).State);

        var log = string.Join("\n", app.App.Logs.GetSnapshot().Select(r => r.Message + " " + string.Join(",", r.StructuredState?.Select(s => s.Value) ?? [])));
        Assert.Contains(other, log, StringComparison.Ordinal);
        Assert.DoesNotContain("secret.person", log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Secret Person", log, StringComparison.Ordinal);
    }
}
