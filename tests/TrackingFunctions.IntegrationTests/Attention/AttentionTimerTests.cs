using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.Attention;
using TrackingFunctions.IntegrationTests.Changes;
using TrackingFunctions.IntegrationTests.Harness;
using static TrackingFunctions.IntegrationTests.Attention.AttentionApp;

namespace TrackingFunctions.IntegrationTests.Attention;

/// <summary>Causes that start with time alone: raised by the timer once their deadline passes, once, from the attention index only.</summary>
public sealed class AttentionTimerTests
{
    private static string NewId() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task In_transit_without_a_new_checkpoint_for_the_set_days_is_raised_by_the_timer_once()
    {
        var time = new FakeTimeProvider(Now);
        await using var app = await StartAsync(time);
        var id = NewId();
        await app.PostAsync(Version(id, 1));
        Assert.Empty(AttentionEvents(await app.ReceiveAllAsync()));

        time.Advance(TimeSpan.FromDays(5) - TimeSpan.FromHours(2));
        await app.SweepAttentionAsync();
        Assert.Empty(await app.ReceiveAllAsync());
        time.Advance(TimeSpan.FromHours(2));
        var run = await app.SweepAttentionAsync();
        var events = await app.ReceiveAllAsync();
        time.Advance(TimeSpan.FromDays(3));
        var later = await app.SweepAttentionAsync();

        var attention = Assert.Single(events);
        Assert.Equal(AttentionCauses.NoCheckpoint, Cause(attention));
        Assert.Equal("000000000002", (string?)attention["sequence"]);
        Assert.Equal(5, (int)attention["data"]!["threshold_days"]!);
        Assert.StartsWith("2026-11-01T08:00:00", (string?)attention["data"]!["since"], StringComparison.Ordinal);
        Assert.Equal(1, run.Raised);
        Assert.Equal(0, later.RowsRead);
        Assert.Empty(await app.ReceiveAllAsync());
    }

    [Fact]
    public async Task A_new_checkpoint_before_the_deadline_moves_it_and_a_stall_after_it_is_a_second_occurrence()
    {
        var time = new FakeTimeProvider(Now);
        await using var app = await StartAsync(time);
        var id = NewId();
        await app.PostAsync(Version(id, 1));
        time.Advance(TimeSpan.FromDays(6));
        await app.SweepAttentionAsync();
        Assert.Single(AttentionEvents(await app.ReceiveAllAsync()));

        // A new checkpoint clears the stall; its time is what counts from now on.
        var moving = MovedAt(id, Now.AddDays(6));
        await app.PostAsync(moving);
        time.Advance(TimeSpan.FromDays(4));
        await app.SweepAttentionAsync();
        Assert.Empty(AttentionEvents(await app.ReceiveAllAsync()));
        time.Advance(TimeSpan.FromDays(1));
        await app.SweepAttentionAsync();

        var second = Assert.Single(AttentionEvents(await app.ReceiveAllAsync()));
        Assert.Equal(AttentionCauses.NoCheckpoint, Cause(second));
        Assert.Equal(2, (int)second["data"]!["occurrence"]!);
    }

    [Theory]
    [InlineData("Pending")]
    [InlineData("InfoReceived")]
    public async Task Still_pending_the_set_days_after_creation_is_raised_by_the_timer_once(string tag)
    {
        var time = new FakeTimeProvider(Now);
        await using var app = await StartAsync(time);
        var id = NewId();
        await app.PostAsync(Version(id, 1, tag: tag));
        await app.ReceiveAllAsync();

        time.Advance(TimeSpan.FromDays(3));
        await app.SweepAttentionAsync();
        await app.SweepAttentionAsync();

        var attention = Assert.Single(await app.ReceiveAllAsync());
        Assert.Equal(AttentionCauses.StillPending, Cause(attention));
        Assert.Equal(3, (int)attention["data"]!["threshold_days"]!);
    }

    [Fact]
    public async Task An_estimate_passed_by_the_grace_days_without_delivery_is_raised_by_the_timer_once()
    {
        var time = new FakeTimeProvider(Now);
        await using var app = await StartAsync(time);
        var id = NewId();
        await app.PostAsync(Version(id, 1, estimate: "2026-11-02"));
        await app.ReceiveAllAsync();

        // The estimate's day ends 2026-11-03T00:00Z; one grace day later is 2026-11-04T00:00Z.
        time.AdjustTime(new DateTimeOffset(2026, 11, 3, 23, 59, 0, TimeSpan.Zero));
        await app.SweepAttentionAsync();
        Assert.Empty(await app.ReceiveAllAsync());
        time.AdjustTime(new DateTimeOffset(2026, 11, 4, 0, 0, 1, TimeSpan.Zero));
        await app.SweepAttentionAsync();
        await app.SweepAttentionAsync();

        var attention = Assert.Single(await app.ReceiveAllAsync());
        Assert.Equal(AttentionCauses.EstimatePassed, Cause(attention));
        Assert.StartsWith("2026-11-03T00:00:00", (string?)attention["data"]!["since"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_timer_reads_only_the_attention_index_and_the_trackings_that_came_due()
    {
        var time = new FakeTimeProvider(Now);
        await using var app = await StartAsync(time);
        for (var i = 0; i < 20; i++)
        {
            await app.PostAsync(Version(NewId(), 1));
        }

        var due = NewId();
        await app.PostAsync(Version(due, 1, estimate: "2026-11-01"));
        await app.ReceiveAllAsync();
        var seed = await app.App.Get<AttentionSweep>().RunAsync(CancellationToken.None);
        Assert.Equal(21, seed.Seeded);
        time.AdjustTime(new DateTimeOffset(2026, 11, 3, 0, 0, 1, TimeSpan.Zero));
        // The raised event's publishing waits until the timer's own requests are counted.
        var hold = new TaskCompletionSource();
        app.Faults.HoldPublishing = hold.Task;
        app.App.StorageRequests.Reset();

        var run = await app.App.Get<AttentionSweep>().RunAsync(CancellationToken.None);

        var reads = app.App.StorageRequests.Requests.Where(r => r.StartsWith("GET ", StringComparison.Ordinal)).ToList();
        app.Faults.HoldPublishing = null;
        hold.SetResult();
        Assert.Equal(1, run.RowsRead);
        Assert.Equal(1, run.Raised);
        Assert.Equal(2, reads.Count);
        Assert.Single(reads, r => r.Contains(app.App.TablePrefix + "RefreshSchedule", StringComparison.Ordinal));
        Assert.Single(reads, r => r.Contains(app.App.TablePrefix + "Trackings", StringComparison.Ordinal));
        Assert.Equal(due, (string?)Assert.Single(await app.ReceiveAllAsync())["subject"]);
    }

    [Fact]
    public async Task Trackings_stored_while_alerts_were_off_are_found_through_the_refresh_due_index_once_alerts_are_on()
    {
        var time = new FakeTimeProvider(Now);
        await using var off = await ChangeEventApp.StartAsync(time: time);
        var stalled = NewId();
        var moving = NewId();
        await off.PostAsync(Version(stalled, 1));
        await off.PostAsync(Version(moving, 1));
        await off.App.Get<AttentionSweep>().RunAsync(CancellationToken.None);
        await off.ReceiveAllAsync();
        time.Advance(TimeSpan.FromDays(2));
        var update = MovedAt(moving, time.GetUtcNow());
        await off.PostAsync(update);
        await off.ReceiveAllAsync();
        var settings = AttentionApp.Settings();
        settings["Storage:TablePrefix"] = off.App.TablePrefix;
        settings["ChangeEvents:QueueName"] = off.Queue.Name;
        await using var on = await TestApp.StartAsync(settings: settings, time: time);
        time.Advance(TimeSpan.FromDays(4));

        var first = await on.Get<AttentionSweep>().RunAsync(CancellationToken.None);
        var second = await on.Get<AttentionSweep>().RunAsync(CancellationToken.None);
        await on.Get<TrackingFunctions.Changes.ChangeDispatcher>().WhenIdleAsync(CancellationToken.None);

        var raised = Assert.Single(await ChangeEventApp.ReceiveAllAsync(off.Queue));
        Assert.Equal((stalled, AttentionCauses.NoCheckpoint), ((string)raised["subject"]!, Cause(raised)));
        Assert.Equal(2, first.Seeded);
        Assert.Equal(0, second.Seeded);

        // The tracking that moved is indexed now: its own deadline comes due later.
        time.Advance(TimeSpan.FromDays(1));
        var third = await on.Get<AttentionSweep>().RunAsync(CancellationToken.None);
        await on.Get<TrackingFunctions.Changes.ChangeDispatcher>().WhenIdleAsync(CancellationToken.None);
        Assert.Equal((1, 0), (third.RowsRead, third.Seeded));
        Assert.Equal(moving, (string?)Assert.Single(await ChangeEventApp.ReceiveAllAsync(off.Queue))["subject"]);
    }

    [Fact]
    public async Task Three_instances_over_one_set_of_tables_raise_each_cause_once()
    {
        var time = new FakeTimeProvider(Now);
        await using var first = await StartAsync(time);
        var shared = AttentionApp.Settings();
        shared["Storage:TablePrefix"] = first.App.TablePrefix;
        shared["ChangeEvents:QueueName"] = first.Queue.Name;
        await using var second = await TestApp.StartAsync(settings: shared, time: time);
        await using var third = await TestApp.StartAsync(settings: shared, time: time);
        TestApp[] instances = [first.App, second, third];

        // Exceptions: the changes of one tracking spread over the three instances, each checking as it stores.
        var exceptional = NewId();
        await first.PostAsync(Version(exceptional, 1));
        await Task.WhenAll(Enumerable.Range(2, 6).Select(v => Task.Run(async () =>
        {
            var body = WebhookBodies.Event(Version(exceptional, v, tag: "Exception"));
            await instances[v % 3].Create<Functions.ReceiveAfterShipWebhook>().RunAsync(HttpRequests.Post(body, WebhookBodies.Headers(body)), CancellationToken.None);
        })));

        // Timed causes: stalled, pending and late trackings, then every instance's timer runs at once, twice.
        var stalled = NewId();
        var pending = NewId();
        var late = NewId();
        await second.Create<Functions.ReceiveAfterShipWebhook>().RunAsync(Post(Version(stalled, 1)), CancellationToken.None);
        await third.Create<Functions.ReceiveAfterShipWebhook>().RunAsync(Post(Version(pending, 1, tag: "Pending")), CancellationToken.None);
        await first.PostAsync(Version(late, 1, estimate: "2026-11-01"));
        await IdleAsync(instances);
        time.Advance(TimeSpan.FromDays(6));
        for (var round = 0; round < 2; round++)
        {
            await Task.WhenAll(instances.Select(i => Task.Run(() => i.Get<AttentionSweep>().RunAsync(CancellationToken.None))));
        }

        await IdleAsync(instances);
        var attention = AttentionEvents(await ChangeEventApp.ReceiveAllAsync(first.Queue));
        var byId = attention.GroupBy(e => (string)e["id"]!).Select(g => g.First()).ToList();
        var raised = byId.Select(e => ((string)e["subject"]!, Cause(e))).Order().ToList();
        (string, string)[] expected =
        [
            (exceptional, AttentionCauses.Exception),
            (late, AttentionCauses.EstimatePassed),
            (late, AttentionCauses.NoCheckpoint),
            (pending, AttentionCauses.StillPending),
            (stalled, AttentionCauses.NoCheckpoint),
        ];
        Assert.Equal(expected.Order().ToList(), raised);

        // The timer's raises are single messages: only the instance whose transaction won publishes them.
        Assert.Equal(4, attention.Count(e => (string)e["subject"]! != exceptional));
    }

    private static Microsoft.AspNetCore.Http.HttpRequest Post(System.Text.Json.Nodes.JsonObject tracking)
    {
        var body = WebhookBodies.Event(tracking);
        return HttpRequests.Post(body, WebhookBodies.Headers(body));
    }

    private static async Task IdleAsync(IEnumerable<TestApp> instances)
    {
        foreach (var instance in instances)
        {
            await instance.Get<TrackingFunctions.Changes.ChangeDispatcher>().WhenIdleAsync(CancellationToken.None);
        }
    }
}
