using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.Changes;

/// <summary>The process dies in the outbox's crash windows; the sweep makes sure every change still goes out.</summary>
public sealed class OutboxCrashTests
{
    private static byte[] Version(string id, int v, string tag = "InTransit")
        => WebhookBodies.Event(WebhookBodies.Tracking(id, checkpoints: v, updatedAt: WebhookBodies.BaseTime.AddMinutes(v), tag: tag));

    /// <summary>A consumer as the README shows it: remembers ids, acts on each only once.</summary>
    private static List<JsonObject> Dedupe(IEnumerable<JsonObject> events, HashSet<string> seen)
        => [.. events.Where(e => seen.Add((string)e["id"]!))];

    [Fact]
    public async Task Crash_between_commit_and_publish_loses_nothing_the_sweep_publishes_it_in_order()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ChangeEventApp.StartAsync(time: time);
        var id = Guid.NewGuid().ToString("N");
        app.Faults.DropAfterCommit = true;

        await app.PostAsync(Version(id, 1));
        await app.PostAsync(Version(id, 2));
        await app.PostAsync(Version(id, 3, tag: "Delivered"));

        Assert.Empty(await app.ReceiveAllAsync());
        Assert.Equal(3, await app.OutboxRowsAsync(id));
        Assert.Equal(0, await app.SweepAsync());

        app.Faults.DropAfterCommit = false;
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(3, await app.SweepAsync());

        var seen = new HashSet<string>();
        var events = Dedupe(await app.ReceiveAllAsync(), seen);
        Assert.Equal(["000000000001", "000000000002", "000000000003"], events.Select(e => (string)e["sequence"]!).ToArray());
        Assert.Equal(["created", "checkpoint_added", "delivered"], events.Select(e => ((string)e["type"]!).Split('.')[^1]).ToArray());
        Assert.Equal(0, await app.OutboxRowsAsync(id));
        Assert.Equal(0, await app.SweepAsync());
    }

    [Fact]
    public async Task Crash_between_send_and_delete_resends_the_same_event_and_a_deduping_consumer_sees_each_change_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await ChangeEventApp.StartAsync(time: time);
        var id = Guid.NewGuid().ToString("N");
        var seen = new HashSet<string>();
        app.Faults.DieAfterSend = true;

        await app.PostAsync(Version(id, 1));
        var first = await app.ReceiveAllAsync();
        await app.PostAsync(Version(id, 2));
        var second = await app.ReceiveAllAsync();
        app.Faults.DieAfterSend = false;
        time.Advance(TimeSpan.FromMinutes(2));
        await app.SweepAsync();
        var swept = await app.ReceiveAllAsync();

        var all = first.Concat(second).Concat(swept).ToList();
        Assert.True(all.Count > 2, $"the crash should have made the sweep send some event again ({all.Count} received)");
        var once = Dedupe(all, seen);
        Assert.Equal([id + ":000000000001", id + ":000000000002"], once.Select(e => (string)e["id"]!).Order().ToArray());
        foreach (var group in all.GroupBy(e => (string)e["id"]!))
        {
            // A re-sent event is the same bytes: same time, same data.
            Assert.Single(group.Select(e => e.ToJsonString()).Distinct());
        }

        Assert.Equal(0, await app.OutboxRowsAsync(id));
    }
}
