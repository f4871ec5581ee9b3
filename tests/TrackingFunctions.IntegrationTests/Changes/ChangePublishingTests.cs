using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.Changes;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;
using TrackingFunctions.Subscriptions;

namespace TrackingFunctions.IntegrationTests.Changes;

/// <summary>How the publisher spends storage, and what it keeps in memory, when events pile up.</summary>
public sealed class ChangePublishingTests
{
    private static byte[] Version(string id, int v)
        => WebhookBodies.Event(WebhookBodies.Tracking(id, checkpoints: v, updatedAt: WebhookBodies.BaseTime.AddMinutes(v)), eventId: $"evt-{id}-{v}");

    [Fact]
    public async Task A_tracking_s_pending_events_go_out_one_send_each_then_one_batched_delete()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ChangeEventApp.StartAsync(time: time);
        var id = Guid.NewGuid().ToString("N");
        app.Faults.DropAfterCommit = true;
        for (var v = 1; v <= 5; v++)
        {
            await app.PostAsync(Version(id, v));
        }

        app.Faults.DropAfterCommit = false;
        time.Advance(TimeSpan.FromMinutes(2));
        await app.App.Get<ChangeEventSender>().GetAsync(CancellationToken.None);

        // The signed-webhook sink lists subscriptions once per Subscriptions__CacheDuration, not per event.
        await app.App.Get<SubscriptionCache>().GetAllAsync(CancellationToken.None);
        app.App.StorageRequests.Reset();

        Assert.Equal(5, await app.App.Get<ChangePublisher>().PublishPendingAsync(TableKey.Encode(id), CancellationToken.None));

        var requests = app.App.StorageRequests.Requests;
        Assert.Equal(5, requests.Count(r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains(app.Queue.Name, StringComparison.Ordinal)));
        Assert.Single(requests, r => r.EndsWith("$batch", StringComparison.Ordinal));
        Assert.DoesNotContain(requests, r => r.StartsWith("DELETE ", StringComparison.Ordinal));
        Assert.Equal(7, requests.Count);
        Assert.Equal(0, await app.OutboxRowsAsync(id));
        var sequences = (await app.ReceiveAllAsync()).Select(e => (string)e["sequence"]!).ToList();
        Assert.Equal(["000000000001", "000000000002", "000000000003", "000000000004", "000000000005"], sequences);
    }

    [Fact]
    public async Task A_row_someone_else_deleted_meanwhile_fails_the_batched_delete_and_the_rest_are_deleted_one_by_one()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var rival = new RivalPublisher();
        await using var app = await ChangeEventApp.StartAsync(time: time, services: s => s.AddSingleton<IChangeEventSink>(rival));
        var id = Guid.NewGuid().ToString("N");
        app.Faults.DropAfterCommit = true;
        for (var v = 1; v <= 3; v++)
        {
            await app.PostAsync(Version(id, v));
        }

        app.Faults.DropAfterCommit = false;
        rival.Table = await app.App.Get<TrackingTables>().GetAsync(TableNames.Trackings, CancellationToken.None);

        Assert.Equal(3, await app.App.Get<ChangePublisher>().PublishPendingAsync(TableKey.Encode(id), CancellationToken.None));

        Assert.True(rival.Deleted);
        Assert.Equal(0, await app.OutboxRowsAsync(id));
        Assert.Equal(3, (await app.ReceiveAllAsync()).Count);
    }

    [Fact]
    public async Task A_tracking_s_first_event_goes_out_as_committed_without_listing_the_outbox()
    {
        await using var app = await ChangeEventApp.StartAsync();
        await app.App.Get<ChangeEventSender>().GetAsync(CancellationToken.None);

        // The signed-webhook sink lists subscriptions once per Subscriptions__CacheDuration, not per event.
        await app.App.Get<SubscriptionCache>().GetAllAsync(CancellationToken.None);
        var id = Guid.NewGuid().ToString("N");
        int beforeTheAnswer;
        using (await ChangePublishingHold.StartAsync(app.App))
        {
            app.App.StorageRequests.Reset();
            Assert.Equal(200, await app.PostAsync(Version(id, 1)));
            beforeTheAnswer = app.App.StorageRequests.Count;
        }

        await app.PublishedAsync();

        var after = app.App.StorageRequests.Requests.Skip(beforeTheAnswer).ToList();
        Assert.Equal(2, after.Count);
        Assert.Single(after, r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains(app.Queue.Name, StringComparison.Ordinal));
        Assert.Single(after, r => r.StartsWith("DELETE ", StringComparison.Ordinal));
        Assert.Equal(0, await app.OutboxRowsAsync(id));
        Assert.Equal("000000000001", (string)Assert.Single(await app.ReceiveAllAsync())["sequence"]!);
    }

    [Fact]
    public async Task Commits_past_the_backlog_bound_wait_in_the_outbox_and_the_sweep_publishes_them()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ChangeEventApp.StartAsync(time: time, services: s => s.AddSingleton(new ChangeDispatchLimits { MaxBacklog = 3 }));
        var dispatcher = app.App.Get<ChangeDispatcher>();
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        using (await ChangePublishingHold.StartAsync(app.App))
        {
            foreach (var id in ids)
            {
                await app.PostAsync(Version(id, 1));
            }

            // A second commit for a tracking already waiting costs no more memory and is not left behind.
            await app.PostAsync(Version(ids[0], 2));
            Assert.Equal(3, dispatcher.Backlog);
            Assert.Equal(2, dispatcher.LeftToSweep);
        }

        var published = await app.ReceiveAllAsync();
        Assert.Equal(4, published.Count);
        Assert.Equal(3, dispatcher.PeakBacklog);
        Assert.Contains(app.App.Logs.GetSnapshot(), r => r.Message.Contains("backlog full", StringComparison.Ordinal));
        Assert.Equal(1, await app.OutboxRowsAsync(ids[3]));
        Assert.Equal(1, await app.OutboxRowsAsync(ids[4]));

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(2, await app.SweepAsync());
        var swept = await app.ReceiveAllAsync();
        string[] expected = [ids[3] + ":000000000001", ids[4] + ":000000000001"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), swept.Select(e => (string)e["id"]!).Order(StringComparer.Ordinal));
    }

    /// <summary>A sink that, while the first event is handed out, deletes the second one's row, as the sweep or another instance would after publishing it.</summary>
    private sealed class RivalPublisher : IChangeEventSink
    {
        public TableClient? Table { get; set; }

        public bool Deleted { get; private set; }

        public string Name => "rival";

        public async Task AcceptAsync(OutboxEvent change, CancellationToken cancellationToken)
        {
            if (Table is not null && change.Sequence == 1)
            {
                await Table.DeleteEntityAsync(change.PartitionKey, OutboxRows.RowKey(2), cancellationToken: cancellationToken);
                Deleted = true;
            }
        }
    }
}
