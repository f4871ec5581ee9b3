using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Refresh;
using TrackingFunctions.Storage;
using static TrackingFunctions.IntegrationTests.Refresh.RefreshApps;

namespace TrackingFunctions.IntegrationTests.Refresh;

/// <summary>The refresh schedule on Azurite with a fake clock and a scripted AfterShip.</summary>
public sealed class RefreshScheduleTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static string NumberOf(string id) => "N" + id.ToUpperInvariant();

    [Fact]
    public async Task Due_rows_are_selected_in_next_refresh_order_and_reading_them_costs_the_number_due_not_stored()
    {
        var time = new FakeTimeProvider(Start);
        var afterShip = new FakeAfterShip();
        await using var app = await StartAsync(time, afterShip, new Dictionary<string, string?> { ["Refresh:BatchSize"] = "4", ["Refresh:MaxConcurrency"] = "1" });
        var due = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var id = NewId();
            due.Add(id);
            await SeedAsync(app, afterShip.Put(FakeAfterShip.NewTracking(id, slug: i % 2 == 0 ? "ups" : "fedex")));
            time.Advance(TimeSpan.FromMinutes(1));
        }

        // 300 more trackings that are not due yet: the run must not read their rows.
        time.Advance(TimeSpan.FromHours(1));
        await Parallel.ForEachAsync(Enumerable.Range(0, 300), async (_, _) => await SeedAsync(app, afterShip.Put(FakeAfterShip.NewTracking(NewId()))));
        time.SetUtcNow(Start.AddHours(2).AddMinutes(10));
        app.StorageRequests.Reset();

        var summary = await app.Get<TrackingRefresher>().RunAsync(None);

        Assert.Equal(10, summary.RowsRead);
        Assert.Equal(10, summary.Due);
        Assert.Equal(10, summary.Refreshed);
        Assert.Equal(due.Select(NumberOf), afterShip.ListedNumbers);
        Assert.Equal(3, summary.ListCalls);
        var indexQueries = app.StorageRequests.Requests.Count(r => r.StartsWith("GET", StringComparison.Ordinal) && r.Contains(TableNames.RefreshSchedule + "()", StringComparison.Ordinal));
        Assert.Equal(1, indexQueries);
    }

    [Fact]
    public async Task A_run_reads_no_more_rows_than_it_may_process_and_the_next_run_takes_the_rest()
    {
        var time = new FakeTimeProvider(Start);
        var afterShip = new FakeAfterShip();
        await using var app = await StartAsync(time, afterShip, new Dictionary<string, string?> { ["Refresh:MaxTrackingsPerRun"] = "5" });
        await Parallel.ForEachAsync(Enumerable.Range(0, 12), async (_, _) => await SeedAsync(app, afterShip.Put(FakeAfterShip.NewTracking(NewId()))));
        time.Advance(TimeSpan.FromHours(2));

        var runs = new List<RefreshRunSummary>();
        for (var i = 0; i < 4; i++)
        {
            runs.Add(await app.Get<TrackingRefresher>().RunAsync(None));
        }

        Assert.Equal([5, 5, 2, 0], runs.Select(r => r.RowsRead));
        Assert.Equal(12, runs.Sum(r => r.Refreshed));
        Assert.Equal(12, afterShip.ListedNumbers.Distinct().Count());
    }

    [Fact]
    public async Task Due_trackings_are_listed_in_batches_across_couriers_and_those_a_batch_misses_are_fetched_by_id()
    {
        var time = new FakeTimeProvider(Start);
        var afterShip = new FakeAfterShip();
        await using var app = await StartAsync(time, afterShip, new Dictionary<string, string?> { ["Refresh:BatchSize"] = "3" });
        var ids = Enumerable.Range(0, 7).Select(_ => NewId()).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            await SeedAsync(app, afterShip.Put(FakeAfterShip.NewTracking(ids[i], slug: i % 2 == 0 ? "ups" : "dhl")));
        }

        afterShip.HiddenFromList[ids[4]] = true;
        afterShip.Advance(ids[4]);
        afterShip.Advance(ids[1]);
        time.Advance(TimeSpan.FromHours(2));

        var summary = await app.Get<TrackingRefresher>().RunAsync(None);

        Assert.Equal(3, afterShip.ListCalls);
        Assert.Equal([ids[4]], afterShip.Calls.Where(c => c.Endpoint == "get").Select(c => c.Keys[0]));
        Assert.Equal(7, summary.Refreshed);
        Assert.Equal(2, summary.Changed);
        Assert.Equal(2, (await StateAsync(app, ids[4])).CheckpointCount);
        Assert.All(await DueRowsAsync(app), row => Assert.True(DueIndex.TimeOf(row.RowKey) > time.GetUtcNow()));
    }

    [Fact]
    public async Task Unchanged_refreshes_grow_the_interval_to_the_cap_and_a_change_or_a_webhook_resets_it()
    {
        var time = new FakeTimeProvider(Start);
        var afterShip = new FakeAfterShip();
        await using var app = await StartAsync(time, afterShip);
        var id = NewId();
        await SeedAsync(app, afterShip.Put(FakeAfterShip.NewTracking(id)));
        Assert.Equal(TimeSpan.FromHours(2), (await StateAsync(app, id)).RefreshInterval);

        async Task<StoredTracking> RefreshWhenDueAsync(bool staleRowLeft = false)
        {
            time.SetUtcNow((await StateAsync(app, id)).NextRefreshAt!.Value);
            await app.Get<TrackingRefresher>().RunAsync(None);
            var state = await StateAsync(app, id);
            Assert.Equal(time.GetUtcNow() + state.RefreshInterval!.Value, state.NextRefreshAt);
            var rows = await DueRowsOfAsync(app, id);
            Assert.Equal(staleRowLeft ? 2 : 1, rows.Count);
            Assert.Equal(state.NextRefreshAt!.Value, rows[0]);
            return state;
        }

        foreach (var hours in new[] { 4, 8, 12, 12 })
        {
            Assert.Equal(TimeSpan.FromHours(hours), (await RefreshWhenDueAsync()).RefreshInterval);
        }

        afterShip.Advance(id);
        Assert.Equal(TimeSpan.FromHours(2), (await RefreshWhenDueAsync()).RefreshInterval);
        Assert.Equal(TimeSpan.FromHours(4), (await RefreshWhenDueAsync()).RefreshInterval);
        Assert.Equal(TimeSpan.FromHours(8), (await RefreshWhenDueAsync()).RefreshInterval);

        // A webhook resets the wait; its due time is earlier than the row's, so it writes a new row before the state.
        time.Advance(TimeSpan.FromHours(1));
        await SeedAsync(app, afterShip.Advance(id), TrackingSource.Webhook);
        var afterWebhook = await StateAsync(app, id);
        Assert.Equal(TimeSpan.FromHours(2), afterWebhook.RefreshInterval);
        Assert.Equal(time.GetUtcNow().AddHours(2), afterWebhook.NextRefreshAt);
        Assert.Equal(2, (await DueRowsOfAsync(app, id)).Count);

        // The refresh at the new time moves that row; the old row is deleted when the timer meets it.
        await RefreshWhenDueAsync(staleRowLeft: true);
        time.Advance(TimeSpan.FromHours(6));
        var first = await app.Get<TrackingRefresher>().RunAsync(None);
        var second = await app.Get<TrackingRefresher>().RunAsync(None);
        Assert.Equal((1, 0), (first.Due, first.Rescheduled));
        Assert.Equal((0, 1), (second.Due, second.Rescheduled));
        Assert.Equal([(await StateAsync(app, id)).NextRefreshAt!.Value], await DueRowsOfAsync(app, id));
    }

    [Fact]
    public async Task A_webhook_that_pushes_the_next_refresh_later_moves_the_row_without_a_call()
    {
        var time = new FakeTimeProvider(Start);
        var afterShip = new FakeAfterShip();
        await using var app = await StartAsync(time, afterShip);
        var id = NewId();
        await SeedAsync(app, afterShip.Put(FakeAfterShip.NewTracking(id)));
        time.Advance(TimeSpan.FromHours(1));
        using (await ChangePublishingHold.StartAsync(app))
        {
            app.StorageRequests.Reset();
            await SeedAsync(app, afterShip.Advance(id), TrackingSource.Webhook);
            Assert.Equal(2, app.StorageRequests.Count);
        }

        Assert.Equal([Start.AddHours(2)], await DueRowsOfAsync(app, id));

        time.Advance(TimeSpan.FromHours(1));
        var summary = await app.Get<TrackingRefresher>().RunAsync(None);

        Assert.Equal(0, summary.Due);
        Assert.Equal(1, summary.Rescheduled);
        Assert.Empty(afterShip.Calls);
        Assert.Equal([Start.AddHours(3)], await DueRowsOfAsync(app, id));
        Assert.Equal(Start.AddHours(3), (await StateAsync(app, id)).ScheduledRefreshAt);
    }

    [Fact]
    public async Task Terminal_completed_and_expired_retention_trackings_leave_the_schedule()
    {
        var time = new FakeTimeProvider(Start);
        var afterShip = new FakeAfterShip();
        await using var app = await StartAsync(time, afterShip);
        var (delivered, lost, inactive, deliveredAtFirstSight, tooOld, agingOut, active) = (NewId(), NewId(), NewId(), NewId(), NewId(), NewId(), NewId());
        foreach (var id in new[] { delivered, lost, inactive, active })
        {
            await SeedAsync(app, afterShip.Put(FakeAfterShip.NewTracking(id)));
        }

        await SeedAsync(app, afterShip.Put(FakeAfterShip.NewTracking(deliveredAtFirstSight, tag: TrackingTags.Delivered)), TrackingSource.Webhook);
        await SeedAsync(app, afterShip.Put(FakeAfterShip.NewTracking(tooOld, createdAt: Start.AddDays(-121))));
        await SeedAsync(app, afterShip.Put(FakeAfterShip.NewTracking(agingOut, createdAt: Start.AddDays(-120).AddHours(1))));
        Assert.Empty(await DueRowsOfAsync(app, deliveredAtFirstSight));
        Assert.Empty(await DueRowsOfAsync(app, tooOld));

        afterShip.Advance(delivered, TrackingTags.Delivered);
        afterShip.Advance(lost, TrackingTags.Exception, "Exception_013");
        var sameVersionInactive = afterShip.Current(inactive).RawJson!;
        var json = JsonNode.Parse(sameVersionInactive)!.AsObject();
        json["active"] = false;
        afterShip.Put(json);
        time.Advance(TimeSpan.FromHours(2));

        var summary = await app.Get<TrackingRefresher>().RunAsync(None);

        Assert.Equal(4, summary.Refreshed);
        Assert.Equal(1, summary.LeftSchedule);
        Assert.DoesNotContain(NumberOf(agingOut), afterShip.ListedNumbers);
        foreach (var id in new[] { delivered, lost, inactive, agingOut, tooOld, deliveredAtFirstSight })
        {
            Assert.Null((await StateAsync(app, id)).NextRefreshAt);
            Assert.Empty(await DueRowsOfAsync(app, id));
        }

        Assert.False((await StateAsync(app, inactive)).Active);
        Assert.Single(await DueRowsOfAsync(app, active));
    }

    [Fact]
    public async Task A_tracking_AfterShip_no_longer_has_is_marked_gone_and_never_asked_for_again()
    {
        var time = new FakeTimeProvider(Start);
        var afterShip = new FakeAfterShip();
        await using var app = await StartAsync(time, afterShip);
        var (gone, kept) = (NewId(), NewId());
        await SeedAsync(app, afterShip.Put(FakeAfterShip.NewTracking(gone)));
        await SeedAsync(app, afterShip.Put(FakeAfterShip.NewTracking(kept)));
        afterShip.Remove(gone);
        time.Advance(TimeSpan.FromHours(2));

        var summary = await app.Get<TrackingRefresher>().RunAsync(None);

        Assert.Equal(1, summary.Gone);
        var state = await StateAsync(app, gone);
        Assert.True(state.Gone);
        Assert.Null(state.NextRefreshAt);
        Assert.Empty(await DueRowsOfAsync(app, gone));

        var calls = afterShip.Calls.Count;
        time.Advance(TimeSpan.FromDays(2));
        await app.Get<TrackingRefresher>().RunAsync(None);
        Assert.DoesNotContain(afterShip.Calls.Skip(calls), c => c.Keys.Contains(gone) || c.Keys.Contains(NumberOf(gone)));
    }

    [Fact]
    public async Task A_webhook_that_stores_a_newer_state_while_a_refresh_is_in_flight_wins()
    {
        var time = new FakeTimeProvider(Start);
        var afterShip = new FakeAfterShip();
        await using var app = await StartAsync(time, afterShip);
        var id = NewId();
        await SeedAsync(app, afterShip.Put(FakeAfterShip.NewTracking(id)));
        afterShip.Advance(id);
        time.Advance(TimeSpan.FromHours(2));

        // The list call has read version 2; before it answers, AfterShip moves on and its webhook for version 3 arrives.
        afterShip.AfterList = async _ =>
        {
            afterShip.AfterList = null;
            var newer = JsonNode.Parse(afterShip.Advance(id).RawJson!)!.AsObject();
            var body = WebhookBodies.Event(newer);
            var result = await app.Create<ReceiveAfterShipWebhook>().RunAsync(HttpRequests.Post(body, WebhookBodies.Headers(body)), None);
            Assert.Equal(200, Assert.IsAssignableFrom<ObjectResult>(result).StatusCode ?? 200);
        };

        var summary = await app.Get<TrackingRefresher>().RunAsync(None);

        Assert.Equal(1, summary.Superseded);
        var state = await StateAsync(app, id);
        Assert.Equal(3, state.CheckpointCount);
        Assert.Equal(TrackingSource.Webhook, state.Source);
        Assert.Equal(time.GetUtcNow().AddHours(2), state.NextRefreshAt);
        Assert.Equal([state.NextRefreshAt!.Value], await DueRowsOfAsync(app, id));
    }

    [Fact]
    public async Task A_run_cut_off_by_its_budget_keeps_its_progress_and_the_next_run_does_the_rest_once()
    {
        var time = new FakeTimeProvider(Start);
        var afterShip = new FakeAfterShip();
        await using var app = await StartAsync(time, afterShip, new Dictionary<string, string?>
        {
            ["Refresh:BatchSize"] = "5",
            ["Refresh:MaxConcurrency"] = "1",
            ["Refresh:TimeBudget"] = "00:01:00",
        });
        for (var i = 0; i < 20; i++)
        {
            await SeedAsync(app, afterShip.Put(FakeAfterShip.NewTracking(NewId())));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        time.Advance(TimeSpan.FromHours(2));
        afterShip.OnList = _ =>
        {
            time.Advance(TimeSpan.FromSeconds(25));
            return Task.CompletedTask;
        };

        var first = await app.Get<TrackingRefresher>().RunAsync(None);
        var second = await app.Get<TrackingRefresher>().RunAsync(None);

        Assert.True(first.BudgetExhausted);
        Assert.Equal(15, first.Refreshed);
        Assert.Equal(5, first.Deferred);
        Assert.False(second.BudgetExhausted);
        Assert.Equal(5, second.Due);
        Assert.Equal(5, second.Refreshed);
        Assert.Equal(20, afterShip.ListedNumbers.Count);
        Assert.Equal(20, afterShip.ListedNumbers.Distinct().Count());
        Assert.DoesNotContain(await DueRowsAsync(app), r => DueIndex.TimeOf(r.RowKey) <= time.GetUtcNow());
    }

    [Fact]
    public async Task Overlapping_runs_leave_one_row_and_one_interval_step_per_tracking()
    {
        var time = new FakeTimeProvider(Start);
        var afterShip = new FakeAfterShip();
        await using var app = await StartAsync(time, afterShip, new Dictionary<string, string?> { ["Refresh:BatchSize"] = "5" });
        var ids = Enumerable.Range(0, 20).Select(_ => NewId()).ToList();
        await Parallel.ForEachAsync(ids, async (id, _) => await SeedAsync(app, afterShip.Put(FakeAfterShip.NewTracking(id))));
        time.Advance(TimeSpan.FromHours(2));

        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => app.Get<TrackingRefresher>().RunAsync(None))));

        Assert.All(runs, r => Assert.Equal(0, r.Failed));
        var rows = await DueRowsAsync(app);
        Assert.Equal(20, rows.Count);
        foreach (var id in ids)
        {
            var state = await StateAsync(app, id);
            Assert.Equal(TimeSpan.FromHours(4), state.RefreshInterval);
            Assert.Equal([state.NextRefreshAt!.Value], await DueRowsOfAsync(app, id));
        }
    }

    [Fact]
    public async Task The_run_logs_one_structured_summary()
    {
        var time = new FakeTimeProvider(Start);
        var afterShip = new FakeAfterShip();
        await using var app = await StartAsync(time, afterShip);
        await SeedAsync(app, afterShip.Put(FakeAfterShip.NewTracking(NewId())));
        time.Advance(TimeSpan.FromHours(2));

        await app.Get<TrackingRefresher>().RunAsync(None);

        var record = Assert.Single(app.Logs.GetSnapshot(), r => r.Message.StartsWith("Refresh run:", StringComparison.Ordinal));
        var values = record.StructuredState!.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("1", values["Due"]);
        Assert.Equal("1", values["Refreshed"]);
        Assert.Equal("1", values["ListCalls"]);
        Assert.Equal("0", values["RateLimited"]);
        Assert.True(long.Parse(values["DurationMs"]!, CultureInfo.InvariantCulture) >= 0);
    }
}
