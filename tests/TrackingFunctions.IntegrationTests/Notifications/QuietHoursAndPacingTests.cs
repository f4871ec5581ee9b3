using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Notifications;

namespace TrackingFunctions.IntegrationTests.Notifications;

/// <summary>When emails go out: not in the shop's quiet hours, and never faster than the deployment's rate.</summary>
public sealed class QuietHoursAndPacingTests
{
    private static string NewId() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task An_email_due_in_quiet_hours_waits_until_they_end_in_the_shops_time_zone()
    {
        // 22:30 in Berlin (UTC+1 in November), inside 21:00-07:30.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 21, 30, 0, TimeSpan.Zero));
        var quiet = new Dictionary<string, string?>
        {
            ["Notifications:QuietHours:Start"] = "21:00",
            ["Notifications:QuietHours:End"] = "07:30",
            ["Notifications:QuietHours:TimeZone"] = "Europe/Berlin",
        };
        await using var app = await NotificationApp.StartAsync(settings: quiet, time: time);
        var id = NewId();
        var address = $"night.{id[..8]}@example.com";
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.OutForDelivery, 0, 1, (address, null, null)));

        await app.DeliverAsync();

        var waiting = Assert.Single(await app.RecordsAsync(id));
        Assert.Equal(NotificationState.QuietHours, waiting.State);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 6, 30, 0, TimeSpan.Zero), waiting.NextAttemptAt);
        Assert.Empty(await app.MessagesToAsync(address));

        // The delayed message comes back at the end of the window (its invisibility is real time; the clock is not).
        time.SetUtcNow(new DateTimeOffset(2026, 11, 3, 6, 30, 1, TimeSpan.Zero));
        await app.App.Get<MilestoneMailerRunner>().SendAsync(id, TrackingTags.OutForDelivery, CancellationToken.None);

        Assert.Equal(NotificationState.Sent, Assert.Single(await app.RecordsAsync(id)).State);
        Assert.Single(await app.MessagesToAsync(address));
    }

    [Fact]
    public async Task Two_instances_together_hold_the_configured_rate()
    {
        const int PerMinute = 120;
        const int Emails = 8;
        var smtp = await Smtp4dev.GetAsync();
        var shared = new Dictionary<string, string?> { ["Storage:TablePrefix"] = "t" + NewId()[..12], ["Notifications:RatePerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var (queue, changes) = ("notify-" + NewId()[..16], "changes-" + NewId()[..16]);
        await using var first = await NotificationApp.StartAsync(smtp, shared, queueName: queue, changeQueue: changes);
        await using var second = await NotificationApp.StartAsync(smtp, shared, queueName: queue, changeQueue: changes);
        var ids = Enumerable.Range(0, Emails).Select(_ => NewId()).ToList();
        foreach (var (id, n) in ids.Select((id, n) => (id, n)))
        {
            await (n % 2 == 0 ? first : second).PostAsync(NotificationApp.Tracking(id, TrackingTags.Delivered, 0, 1, ($"paced.{id[..8]}@example.com", null, null)));
        }

        await Task.WhenAll(first.DeliverAsync(), second.DeliverAsync());

        var received = new List<DateTimeOffset>();
        foreach (var id in ids)
        {
            received.Add((DateTimeOffset)Assert.Single(await first.MessagesToAsync($"paced.{id[..8]}@example.com"))["receivedDate"]!);
        }

        // The slots are 60/120 s apart; only the first email's own latency can shorten the span, by far less than 1 s.
        var span = received.Max() - received.Min();
        Assert.True(span >= TimeSpan.FromSeconds((Emails - 1) * 60.0 / PerMinute) - TimeSpan.FromSeconds(1), $"{Emails} emails arrived within {span}");
    }
}
