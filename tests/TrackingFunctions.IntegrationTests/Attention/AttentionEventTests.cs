using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.Attention;
using TrackingFunctions.Changes;
using TrackingFunctions.IntegrationTests.Changes;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Telemetry;
using static TrackingFunctions.IntegrationTests.Attention.AttentionApp;

namespace TrackingFunctions.IntegrationTests.Attention;

/// <summary>Causes raised when a change is stored: each once, never again on a duplicate, a redelivery or a timer run.</summary>
public sealed class AttentionEventTests
{
    private static string NewId() => Guid.NewGuid().ToString("N");

    [Theory]
    [InlineData("Exception", AttentionCauses.Exception)]
    [InlineData("AttemptFail", AttentionCauses.AttemptFail)]
    public async Task A_stored_exception_or_failed_attempt_raises_one_attention_event_after_its_change_event(string tag, string cause)
    {
        var time = new FakeTimeProvider(Now);
        await using var app = await StartAsync(time);
        using var raisedMetric = new MetricCollector<long>(app.App.Get<IMeterFactory>(), TrackingMetrics.MeterName, TrackingMetrics.AttentionInstrument);
        var id = NewId();
        await app.PostAsync(Version(id, 1));
        Assert.Single(await app.ReceiveAllAsync());

        await app.PostAsync(Version(id, 2, tag: tag));

        var events = await app.ReceiveAllAsync();
        Assert.Equal(2, events.Count);
        var attention = Assert.Single(AttentionEvents(events));
        Assert.Equal(cause, Cause(attention));
        Assert.Equal(id + ":000000000003", (string?)attention["id"]);
        Assert.Equal("000000000003", (string?)attention["sequence"]);
        Assert.Equal(id, (string?)attention["subject"]);
        var data = attention["data"]!;
        Assert.Equal(1, (int)data["occurrence"]!);
        Assert.Equal("order-42", (string?)data["order_id"]);
        Assert.Equal(tag, (string?)data["current"]!["tag"]);
        Assert.Equal(tag, (string?)data["newest_checkpoint"]!["tag"]);
        Assert.Null(data["threshold_days"]);
        Assert.DoesNotContain("person@example.com", attention.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(3, (await app.App.Get<Storage.ITrackingStore>().GetAsync(id, CancellationToken.None))!.ChangeSequence);
        Assert.Equal(0, await app.OutboxRowsAsync(id));
        var measurement = Assert.Single(raisedMetric.GetMeasurementSnapshot());
        Assert.Equal((1L, cause), (measurement.Value, (string?)measurement.Tags["cause"]));
    }

    [Fact]
    public async Task A_duplicate_webhook_a_newer_exception_checkpoint_and_the_timer_raise_nothing_more()
    {
        var time = new FakeTimeProvider(Now);
        await using var app = await StartAsync(time);
        var id = NewId();
        var exception = WebhookBodies.Event(Version(id, 2, tag: "Exception"), eventId: "evt-exception");
        await app.PostAsync(exception);
        Assert.Single(AttentionEvents(await app.ReceiveAllAsync()));

        await app.PostAsync(exception);
        await app.PostAsync(Version(id, 3, tag: "Exception"));
        time.Advance(TimeSpan.FromHours(2));
        await app.SweepAttentionAsync();
        await app.SweepAsync();

        var after = await app.ReceiveAllAsync();
        Assert.Equal([ChangeEventTypes.CheckpointAdded], after.Select(e => (string)e["type"]!).ToArray());
    }

    [Fact]
    public async Task A_change_event_handed_to_the_sinks_again_after_a_crash_raises_no_second_attention_event()
    {
        var time = new FakeTimeProvider(Now);
        await using var app = await StartAsync(time);
        var id = NewId();
        await app.PostAsync(Version(id, 1));
        Assert.Single(await app.ReceiveAllAsync());

        // The process dies after each send, before deleting the outbox row: the sweep hands every row to every sink again.
        app.Faults.DieAfterSend = true;
        await app.PostAsync(Version(id, 2, tag: "Exception"));
        var first = await app.ReceiveAllAsync();
        app.Faults.DieAfterSend = false;
        time.Advance(TimeSpan.FromMinutes(2));
        await app.SweepAsync();
        var again = await app.ReceiveAllAsync();

        var attention = AttentionEvents(first.Concat(again)).GroupBy(e => (string)e["id"]!).ToList();
        var raised = Assert.Single(attention);
        Assert.Equal(AttentionCauses.Exception, Cause(raised.First()));
        Assert.Single(raised.Select(e => e.ToJsonString()).Distinct());
        Assert.Equal(0, await app.OutboxRowsAsync(id));
    }

    [Fact]
    public async Task A_cause_that_clears_and_returns_raises_again_as_the_next_occurrence()
    {
        var time = new FakeTimeProvider(Now);
        await using var app = await StartAsync(time);
        var id = NewId();
        var events = new List<System.Text.Json.Nodes.JsonObject>();

        foreach (var (v, tag) in new[] { (1, "AttemptFail"), (2, "OutForDelivery"), (3, "AttemptFail") })
        {
            await app.PostAsync(Version(id, v, tag: tag));
            events.AddRange(await app.ReceiveAllAsync());
        }

        var attention = AttentionEvents(events);
        Assert.Equal([AttentionCauses.AttemptFail, AttentionCauses.AttemptFail], attention.Select(Cause).ToArray());
        Assert.Equal([1, 2], attention.Select(e => (int)e["data"]!["occurrence"]!).ToArray());
        Assert.Equal(["000000000002", "000000000005"], attention.Select(e => (string)e["sequence"]!).ToArray());
    }

    [Fact]
    public async Task Changes_checked_only_after_newer_ones_were_stored_still_raise_each_occurrence_once()
    {
        var time = new FakeTimeProvider(Now);
        await using var app = await StartAsync(time);
        var id = NewId();
        var hold = new TaskCompletionSource();
        app.Faults.HoldPublishing = hold.Task;

        // Stored before any check runs: the fail, its clearing and its return, and an exception that a delivery overtook.
        await app.PostAsync(Version(id, 1, tag: "AttemptFail"));
        await app.PostAsync(Version(id, 2, tag: "OutForDelivery"));
        await app.PostAsync(Version(id, 3, tag: "AttemptFail"));
        await app.PostAsync(Version(id, 4, tag: "Exception"));
        await app.PostAsync(Version(id, 5, tag: "Delivered"));
        app.Faults.HoldPublishing = null;
        hold.SetResult();

        var attention = AttentionEvents(await app.ReceiveAllAsync());
        Assert.Equal(
            [AttentionCauses.AttemptFail, AttentionCauses.AttemptFail, AttentionCauses.Exception],
            attention.OrderBy(e => (string)e["sequence"]!, StringComparer.Ordinal).Select(Cause).ToArray());
        time.Advance(TimeSpan.FromMinutes(2));
        await app.SweepAsync();
        await app.SweepAttentionAsync();
        Assert.Empty(await app.ReceiveAllAsync());
    }

    [Fact]
    public async Task A_webhook_that_arrives_when_a_threshold_has_already_passed_raises_that_cause_at_once_and_the_timer_adds_nothing()
    {
        var time = new FakeTimeProvider(Now.AddDays(6));
        await using var app = await StartAsync(time);
        var id = NewId();

        await app.PostAsync(Version(id, 1));

        var first = await app.ReceiveAllAsync();
        Assert.Equal(AttentionCauses.NoCheckpoint, Cause(Assert.Single(AttentionEvents(first))));
        Assert.Equal(5, (int)AttentionEvents(first)[0]["data"]!["threshold_days"]!);
        time.Advance(TimeSpan.FromDays(1));
        await app.SweepAttentionAsync();
        Assert.Empty(await app.ReceiveAllAsync());
    }

    [Fact]
    public async Task Checking_a_new_checkpoint_costs_one_read_and_three_writes_beside_the_publish_and_nothing_on_the_webhook_path()
    {
        var time = new FakeTimeProvider(Now);
        await using var app = await StartAsync(time);
        var id = NewId();
        await app.PostAsync(Version(id, 1));
        await app.ReceiveAllAsync();
        var moved = MovedAt(id, Now);
        var hold = new TaskCompletionSource();
        app.Faults.HoldPublishing = hold.Task;
        app.App.StorageRequests.Reset();

        await app.PostAsync(moved);
        var webhookPath = app.App.StorageRequests.Count;
        app.App.StorageRequests.Reset();
        app.Faults.HoldPublishing = null;
        hold.SetResult();
        await app.PublishedAsync();

        var requests = app.App.StorageRequests.Requests;
        Assert.Equal(2, webhookPath);

        // Publish: list the outbox, send, delete. Check: read state + attention row, write the new deadline row,
        // the attention row, delete the old deadline row.
        Assert.Equal(2, requests.Count(r => r.StartsWith("GET ", StringComparison.Ordinal)));
        Assert.Equal(2, requests.Count(r => r.Contains(app.App.TablePrefix + "RefreshSchedule", StringComparison.Ordinal)));
        Assert.Equal(7, requests.Count);
    }

    [Fact]
    public async Task With_alerts_off_an_exception_publishes_its_change_event_only()
    {
        await using var app = await ChangeEventApp.StartAsync(time: new FakeTimeProvider(Now));
        var id = NewId();

        await app.PostAsync(Version(id, 1, tag: "Exception"));
        await app.App.Get<AttentionSweep>().RunAsync(CancellationToken.None);

        Assert.Equal([ChangeEventTypes.Created], (await app.ReceiveAllAsync()).Select(e => (string)e["type"]!).ToArray());
    }
}
