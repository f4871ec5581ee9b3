using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Notifications;

namespace TrackingFunctions.IntegrationTests.Notifications;

/// <summary>Against a real SMTP server that refuses, stops and starts again: nothing is lost, nothing is sent twice.</summary>
public sealed class DeliveryTests
{
    private static string NewId() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_550_for_one_recipient_is_recorded_failed_with_the_reason_and_not_retried_while_the_other_gets_it()
    {
        await using var app = await NotificationApp.StartAsync();
        var id = NewId();
        var good = $"good.{id[..8]}@example.com";
        var refused = $"{Smtp4dev.RejectedPrefix}.{id[..8]}@example.com";
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.Delivered, 0, 1, (refused, null, null), (good, null, null)));

        var host = await app.DeliverAsync();

        var record = Assert.Single(await app.RecordsAsync(id));
        Assert.Equal(NotificationState.Sent, record.State);
        Assert.Equal(0, record.Attempts);
        var failed = Assert.Single(record.Recipients, r => r.State == NotificationState.Failed);
        Assert.Equal("b***@example.com", failed.Masked);
        Assert.StartsWith("550 ", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(refused, failed.Reason!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(NotificationState.Sent, Assert.Single(record.Recipients, r => r.Masked == "g***@example.com").State);
        Assert.Single(await app.MessagesToAsync(good));
        Assert.Equal(1, host.Invocations);
        Assert.Equal(0, await QueuedAsync(app));
    }

    [Fact]
    public async Task A_tracking_whose_only_recipient_is_refused_is_recorded_failed()
    {
        await using var app = await NotificationApp.StartAsync();
        var id = NewId();
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.Exception, 0, 1, ($"{Smtp4dev.RejectedPrefix}.{id[..8]}@example.com", null, null)));

        await app.DeliverAsync();

        var record = Assert.Single(await app.RecordsAsync(id));
        Assert.Equal(NotificationState.Failed, record.State);
        Assert.StartsWith("550 ", record.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await QueuedAsync(app));
    }

    [Fact]
    public async Task Smtp_stopped_mid_burst_then_started_again_delivers_every_email_exactly_once()
    {
        await using var smtp = await Smtp4dev.StartAsync();
        await using var app = await NotificationApp.StartAsync(smtp);
        var ids = Enumerable.Range(0, 8).Select(_ => NewId()).ToList();
        foreach (var id in ids.Take(4))
        {
            await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.OutForDelivery, 0, 1, ($"burst.{id[..8]}@example.com", null, null)));
        }

        await app.DeliverAsync();
        var beforeOutage = await smtp.WaitForAsync(4);
        smtp.Stop();

        foreach (var id in ids.Skip(4))
        {
            await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.OutForDelivery, 0, 1, ($"burst.{id[..8]}@example.com", null, null)));
        }

        await app.DeliverAsync();
        foreach (var id in ids.Skip(4))
        {
            var waiting = Assert.Single(await app.RecordsAsync(id));
            Assert.Equal(NotificationState.Queued, waiting.State);
            Assert.True(waiting.Attempts >= 1);
            Assert.NotNull(waiting.NextAttemptAt);
        }

        await smtp.RestartAsync();
        foreach (var id in ids)
        {
            Assert.Equal(NotificationState.Sent, Assert.Single(await app.DeliverUntilFinalAsync(id, TimeSpan.FromSeconds(90))).State);
        }

        var afterOutage = await smtp.MessagesAsync();
        var received = beforeOutage.Concat(afterOutage).SelectMany(m => m["to"]!.AsArray().Select(t => (string)t!)).ToList();
        Assert.Equal(ids.Select(id => $"burst.{id[..8]}@example.com").Order(), received.Order());
    }

    [Fact]
    public async Task A_redelivered_queue_message_finds_the_email_sent_and_sends_nothing()
    {
        await using var app = await NotificationApp.StartAsync();
        var id = NewId();
        var address = $"again.{id[..8]}@example.com";
        await app.PostAsync(NotificationApp.Tracking(id, TrackingTags.Delivered, 0, 1, (address, null, null)));
        await app.DeliverAsync();

        // The host delivers a message again when an instance dies after the send, before completing the message.
        await app.App.Get<NotificationMessages>().SendAsync(id, TrackingTags.Delivered, TimeSpan.Zero, CancellationToken.None);
        await app.DeliverAsync();

        Assert.Single(await app.MessagesToAsync(address));
    }

    [Fact]
    public async Task Three_instances_over_one_set_of_tables_send_one_email_per_milestone()
    {
        var smtp = await Smtp4dev.GetAsync();
        var shared = new Dictionary<string, string?> { ["Storage:TablePrefix"] = "t" + NewId()[..12] };
        var (queue, changes) = ("notify-" + NewId()[..16], "changes-" + NewId()[..16]);
        var apps = new List<NotificationApp>();
        for (var i = 0; i < 3; i++)
        {
            apps.Add(await NotificationApp.StartAsync(smtp, shared, queueName: queue, changeQueue: changes));
        }

        try
        {
            var ids = Enumerable.Range(0, 4).Select(_ => NewId()).ToList();

            // Every instance receives every webhook (AfterShip retries, duplicates), all at once.
            foreach (var tag in new[] { TrackingTags.InTransit, TrackingTags.Delivered })
            {
                await Task.WhenAll(ids.SelectMany(id => apps.Select((app, n) =>
                    app.PostAsync(NotificationApp.Tracking(id, tag, tag == TrackingTags.Delivered ? 10 : 0, tag == TrackingTags.Delivered ? 2 : 1, ($"fleet.{id[..8]}@example.com", null, null))))));
                await Task.WhenAll(apps.Select(a => a.DeliverAsync()));
            }

            foreach (var id in ids)
            {
                var subjects = (await apps[0].MessagesToAsync($"fleet.{id[..8]}@example.com")).Select(m => (string)m["subject"]!).Order().ToList();
                Assert.Equal(["Test Shop: Your parcel has been delivered", "Test Shop: Your parcel is on its way"], subjects);
            }
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }
        }
    }

    private static async Task<int> QueuedAsync(NotificationApp app)
    {
        await app.Queue.CreateIfNotExistsAsync();
        return (await app.Queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }
}
