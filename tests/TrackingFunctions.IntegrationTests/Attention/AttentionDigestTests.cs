using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.Attention;
using TrackingFunctions.IntegrationTests.Changes;
using TrackingFunctions.IntegrationTests.Harness;
using static TrackingFunctions.IntegrationTests.Attention.AttentionApp;

namespace TrackingFunctions.IntegrationTests.Attention;

/// <summary>The hourly digest email to the shop, through the SMTP sender and a real SMTP server (smtp4dev).</summary>
public sealed class AttentionDigestTests
{
    private static string NewId() => Guid.NewGuid().ToString("N");

    private static Dictionary<string, string?> DigestSettings(Smtp4dev smtp, string address)
    {
        var settings = AttentionApp.Settings();
        settings["Alerts:Email"] = address;
        settings["Notifications:From"] = "Test Shop <noreply@shop.example>";
        settings["Notifications:Smtp:Host"] = "127.0.0.1";
        settings["Notifications:Smtp:Port"] = smtp.SmtpPort.ToString(CultureInfo.InvariantCulture);
        settings["Notifications:Smtp:Security"] = "None";
        settings["Notifications:Smtp:Timeout"] = "00:00:05";
        return settings;
    }

    private static JsonObject Parcel(string id, string number, string tag)
    {
        var tracking = Version(id, 1, tag: tag);
        tracking["tracking_number"] = number;
        return tracking;
    }

    private static async Task<List<MimeKit.MimeMessage>> MessagesToAsync(Smtp4dev smtp, string address, int atLeast)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var mine = (await smtp.MessagesAsync()).Where(m => m["to"]!.AsArray().Any(t => string.Equals((string?)t, address, StringComparison.OrdinalIgnoreCase))).ToList();
            if (mine.Count >= atLeast || DateTime.UtcNow > deadline)
            {
                var messages = new List<MimeKit.MimeMessage>();
                foreach (var summary in mine)
                {
                    messages.Add(await smtp.MessageAsync((string)summary["id"]!));
                }

                return messages;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task The_digest_lists_each_attention_event_once_and_goes_out_at_most_once_an_hour()
    {
        var smtp = await Smtp4dev.GetAsync();
        var address = $"shop-{NewId()[..12]}@shop.example";
        var time = new FakeTimeProvider(Now);
        await using var app = await ChangeEventApp.StartAsync(DigestSettings(smtp, address), time);
        var digest = app.App.Get<AttentionDigest>();
        await app.PostAsync(Parcel(NewId(), "EXC0000000001", "Exception"));
        await app.PostAsync(Parcel(NewId(), "AF00000000002", "AttemptFail"));
        await app.ReceiveAllAsync();

        var first = await digest.SendAsync(CancellationToken.None);
        var again = await digest.SendAsync(CancellationToken.None);
        await app.PostAsync(Parcel(NewId(), "EXC0000000003", "Exception"));
        await app.ReceiveAllAsync();
        var withinTheHour = await digest.SendAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromHours(1));
        var nextHour = await digest.SendAsync(CancellationToken.None);
        var messages = await MessagesToAsync(smtp, address, 2);

        Assert.Equal((2, 0, 0, 1), (first, again, withinTheHour, nextHour));
        Assert.Equal(2, messages.Count);
        var older = messages.Single(m => m.Subject == "2 parcels need attention");
        Assert.Contains("EXC0000000001 (ups)", older.TextBody, StringComparison.Ordinal);
        Assert.Contains("AF00000000002 (ups)", older.TextBody, StringComparison.Ordinal);
        Assert.Contains("Failed delivery attempt: 1", older.TextBody, StringComparison.Ordinal);
        Assert.Contains("<table", older.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("noreply@shop.example", older.From.Mailboxes.Single().Address);
        var newer = messages.Single(m => m.Subject == "1 parcel needs attention");
        Assert.Contains("EXC0000000003", newer.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("EXC0000000001", newer.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("person@example.com", older.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_digest_the_server_refuses_keeps_its_events_for_the_next_run()
    {
        var smtp = await Smtp4dev.GetAsync();
        var time = new FakeTimeProvider(Now);
        var refused = $"{Smtp4dev.RejectedPrefix}-{NewId()[..12]}@shop.example";
        await using var app = await ChangeEventApp.StartAsync(DigestSettings(smtp, refused), time);
        await app.PostAsync(Parcel(NewId(), "EXC0000000004", "Exception"));
        await app.ReceiveAllAsync();

        var sent = await app.App.Get<AttentionDigest>().SendAsync(CancellationToken.None);

        // The same tables read by an instance whose digest address the server takes: the entries and the hour are still there.
        var address = $"shop-{NewId()[..12]}@shop.example";
        var settings = DigestSettings(smtp, address);
        settings["Storage:TablePrefix"] = app.App.TablePrefix;
        await using var fixedAddress = await TestApp.StartAsync(settings: settings, time: time);
        var resent = await fixedAddress.Get<AttentionDigest>().SendAsync(CancellationToken.None);

        Assert.Equal((0, 1), (sent, resent));
        Assert.Contains("EXC0000000004", Assert.Single(await MessagesToAsync(smtp, address, 1)).TextBody, StringComparison.Ordinal);
    }
}
