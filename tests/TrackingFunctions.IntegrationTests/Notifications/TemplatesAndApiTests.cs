using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Notifications;

namespace TrackingFunctions.IntegrationTests.Notifications;

/// <summary>The shop's Liquid overrides, the preview route and the records API.</summary>
public sealed class TemplatesAndApiTests
{
    private static string NewId() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_shops_template_overrides_subject_and_html_for_its_milestone_and_language_only()
    {
        var folder = Directory.CreateTempSubdirectory("tf-templates-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "Delivered.de.subject.liquid"), "{{ email.shop_name }}: angekommen ({{ email.tracking_number }})");
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "Delivered.html.liquid"), "<p>{{ email.status_title }} &ndash; <a href=\"{{ email.tracking_url }}\">{{ email.button_text }}</a> {{ email.greeting }}</p>");
            await using var app = await NotificationApp.StartAsync(settings: new Dictionary<string, string?> { ["Notifications:TemplatesPath"] = folder.FullName });
            var id = NewId();
            var german = $"de.{id[..8]}@example.de";
            var english = $"en.{id[..8]}@example.com";
            var tracking = NotificationApp.Tracking(id, TrackingTags.Delivered, 0, 1, (german, "<Jörg>", "de"), (english, null, "en"));
            await app.PostAsync(tracking);
            await app.DeliverAsync();

            var de = await app.Smtp.MessageAsync((string)Assert.Single(await app.MessagesToAsync(german))["id"]!);
            Assert.Equal("Test Shop: angekommen (NUM" + id[..10].ToUpperInvariant() + ")", de.Subject);
            Assert.Contains("<p>Zugestellt &ndash; <a href=\"" + NotificationApp.PublicBaseUrl + "/track/ups/", de.HtmlBody, StringComparison.Ordinal);
            Assert.Contains("Hallo &lt;Jörg&gt;,", de.HtmlBody, StringComparison.Ordinal);
            Assert.Contains("Zugestellt", de.TextBody, StringComparison.Ordinal);
            var en = await app.Smtp.MessageAsync((string)Assert.Single(await app.MessagesToAsync(english))["id"]!);
            Assert.Equal("Test Shop: Your parcel has been delivered", en.Subject);
            Assert.StartsWith("<p>Delivered &ndash;", en.HtmlBody, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_template_that_does_not_parse_stops_start_up_with_its_name_and_line()
    {
        var folder = Directory.CreateTempSubdirectory("tf-templates-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "OutForDelivery.en.html.liquid"), "<p>Hello</p>\n<p>{{ email.status_title }}</p>\n{% if email.estimate %}\n<p>{{ email.estimate }</p>\n");
            var error = await Assert.ThrowsAnyAsync<Exception>(() => NotificationApp.StartAsync(settings: new Dictionary<string, string?> { ["Notifications:TemplatesPath"] = folder.FullName }));

            var message = error is AggregateException aggregate ? string.Join(" | ", aggregate.InnerExceptions.Select(e => e.Message)) : error.Message;
            Assert.Contains("'OutForDelivery.en.html.liquid'", message, StringComparison.Ordinal);
            Assert.Matches(@"line [34]\b", message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Enabling_emails_without_smtp_host_sender_key_or_public_url_stops_start_up_naming_each_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Notifications:Enabled"] = "true", ["Notifications:Smtp:Port"] = "70000" }));

        var message = error is AggregateException aggregate ? string.Join(" | ", aggregate.InnerExceptions.Select(e => e.Message)) : error.Message;
        foreach (var setting in new[] { "Notifications__Smtp__Host", "Notifications__From", "Notifications__UnsubscribeKey", "TrackingPage__PublicBaseUrl", "Notifications__Smtp__Port" })
        {
            Assert.Contains(setting, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Preview_renders_any_milestone_for_a_stored_tracking_in_the_asked_language_and_sends_nothing()
    {
        await using var app = await NotificationApp.StartAsync(settings: new Dictionary<string, string?> { ["Notifications:Enabled"] = "false" });
        var id = NewId();
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.InTransit, 0, 2, ($"preview.{id[..8]}@example.com", null, null)));
        var api = app.App.Create<NotificationsApi>();

        var html = (ContentResult)await api.PreviewAsync(HttpRequests.Get("?language=de"), id, TrackingTags.AvailableForPickup, CancellationToken.None);
        var text = (ContentResult)await api.PreviewAsync(HttpRequests.Get("?format=text"), id, TrackingTags.Delivered, CancellationToken.None);
        var unknown = (ObjectResult)await api.PreviewAsync(HttpRequests.Get(), id, "Lost", CancellationToken.None);
        var missing = (ObjectResult)await api.PreviewAsync(HttpRequests.Get(), NewId(), TrackingTags.Delivered, CancellationToken.None);

        Assert.Equal(200, html.StatusCode);
        Assert.StartsWith("text/html", html.ContentType, StringComparison.Ordinal);
        Assert.Contains("lang=\"de\"", html.Content, StringComparison.Ordinal);
        Assert.Contains("Scan 1 at a sorting facility", html.Content, StringComparison.Ordinal);
        Assert.StartsWith("text/plain", text.ContentType, StringComparison.Ordinal);
        Assert.Contains("Delivered", text.Content, StringComparison.Ordinal);
        Assert.Equal(400, unknown.StatusCode);
        Assert.Equal(404, missing.StatusCode);
        Assert.Empty(await app.MessagesToAsync($"preview.{id[..8]}@example.com"));
        Assert.Empty(await app.RecordsAsync(id));
    }

    [Fact]
    public async Task Records_api_lists_each_milestone_with_its_state_and_masked_recipients_only()
    {
        await using var app = await NotificationApp.StartAsync();
        var id = NewId();
        var address = $"records.{id[..8]}@example.com";
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.OutForDelivery, 0, 1, (address, "Rec Ord", null)));
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.Delivered, 1, 2, (address, "Rec Ord", null)));
        await app.DeliverAsync();

        var result = (JsonResult)await app.App.Create<NotificationsApi>().ListAsync(HttpRequests.Get(), id, CancellationToken.None);
        var json = JsonSerializer.Serialize(result.Value, result.SerializerSettings as JsonSerializerOptions);

        using var document = JsonDocument.Parse(json);
        var list = document.RootElement.GetProperty("notifications").EnumerateArray().ToList();
        Assert.Equal([TrackingTags.OutForDelivery, TrackingTags.Delivered], list.Select(n => n.GetProperty("milestone").GetString()));
        Assert.Equal([NotificationState.Superseded, NotificationState.Sent], list.Select(n => n.GetProperty("state").GetString()));
        Assert.Equal("r***@example.com", list[1].GetProperty("recipients")[0].GetProperty("address").GetString());
        Assert.DoesNotContain(address, json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Rec Ord", json, StringComparison.Ordinal);
    }
}
