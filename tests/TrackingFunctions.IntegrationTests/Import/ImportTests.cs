using System.Text;
using System.Text.Json;
using AfterShip.Simulator;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using TrackingFunctions.Functions;
using TrackingFunctions.Import;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;
using TrackingFunctions.Webhooks;

namespace TrackingFunctions.IntegrationTests.Import;

/// <summary>
/// The import against the simulator and Azurite, driven the way the host drives it: the start endpoint queues the
/// first slice, and the queue loop runs <see cref="ContinueImport"/> until no slice is left.
/// </summary>
[Collection(RateSensitive.Name)]
public sealed class ImportTests
{
    private const int PageSize = 200;
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<IActionResult> StartAsync(TestApp app, string body = "{}")
        => await app.Create<ImportApi>().StartAsync(HttpRequests.Post(Encoding.UTF8.GetBytes(body)), None);

    private static async Task<List<StoredTracking>> StatesAsync(TestApp app)
    {
        var table = await app.Get<TrackingTables>().GetAsync(TableNames.Trackings, None);
        var states = new List<StoredTracking>();
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.RowKey == "state"))
        {
            states.Add(StoredTracking.FromEntity(row));
        }

        return states;
    }

    private static async Task<HashSet<string>> DueRowsAsync(TestApp app)
    {
        var table = await app.Get<TrackingTables>().GetAsync(TableNames.RefreshSchedule, None);
        var rows = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            rows.Add(row.RowKey);
        }

        return rows;
    }

    [Fact]
    public async Task Import_restarted_in_the_middle_of_a_page_stores_every_tracking_once_and_resumes_from_the_last_checkpoint()
    {
        const int count = 1_500;
        const int pages = (count + PageSize - 1) / PageSize;
        await using var rig = await ImportRig.StartAsync(count);

        // First instance: dies 50 writes into the fourth page, after three checkpoints.
        string? checkpointCursor;
        await using (var first = await rig.StartAppAsync(services => services.AddSingleton(
            sp => CrashingTrackingStore.Wrap(ActivatorUtilities.CreateInstance<TrackingStore>(sp), crashAt: (3 * PageSize) + 50))))
        {
            var started = Assert.IsType<JsonResult>(await StartAsync(first));
            Assert.Equal(202, started.StatusCode);
            var message = (await rig.Queue.ReceiveMessageAsync(TimeSpan.FromMinutes(5))).Value;
            await Assert.ThrowsAsync<InvalidOperationException>(() => first.Create<ContinueImport>().RunAsync(message, None));

            var checkpoint = (await first.Get<ImportJobStore>().GetAsync(None))!;
            Assert.Equal(ImportState.Running, checkpoint.State);
            Assert.Equal(3, checkpoint.Pages);
            Assert.Equal(3 * PageSize, checkpoint.Trackings);
            checkpointCursor = checkpoint.Cursor;
            Assert.NotNull(checkpointCursor);

            // The host hands the failed message back to the queue once its visibility timeout passes.
            await rig.Queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        rig.Simulator.ClearRequests();
        await using var second = await rig.StartAppAsync();
        await rig.Host(second).DrainAsync();

        var job = (await second.Get<ImportJobStore>().GetAsync(None))!;
        Assert.Equal(ImportState.Completed, job.State);
        Assert.Equal(pages, job.Pages);
        Assert.Equal(count, job.Trackings);
        Assert.Equal(0, job.Skipped);

        // Resumed at the checkpoint: the page in flight is read again, nothing before it.
        var lists = rig.Simulator.Requests.Where(r => r.Endpoint == "GET /trackings").ToList();
        Assert.Equal(pages - 3, lists.Count);
        Assert.Contains("cursor=" + checkpointCursor, lists[0].Query, StringComparison.Ordinal);
        Assert.All(lists, r => Assert.Contains("limit=200", r.Query, StringComparison.Ordinal));
        Assert.Equal(0, rig.Simulator.CountResponses(429));

        // Every tracking stored once, at AfterShip's version, by the import.
        var states = await StatesAsync(second);
        var expected = rig.Simulator.Trackings.ToDictionary(t => t.Id, t => t.UpdatedAt);
        Assert.Equal(count, states.Count);
        Assert.All(states, s =>
        {
            Assert.Equal(TrackingSource.Import, s.Source);
            Assert.Equal(expected[s.Id], s.UpdatedAt);
        });

        // Active trackings have their place in the refresh schedule; delivered ones have none.
        var active = states.Where(s => s.Tag != "Delivered").ToList();
        Assert.Equal(count - (count / 10), active.Count);
        Assert.All(active, s => Assert.NotNull(s.NextRefreshAt));
        Assert.All(states.Where(s => s.Tag == "Delivered"), s => Assert.Null(s.NextRefreshAt));
        var due = await DueRowsAsync(second);
        Assert.All(active, s => Assert.Contains(DueIndex.RowKey(s.ScheduledRefreshAt!.Value, s.Id), due));

        // The writes cut short by the crash may each leave a due row no state points at (written before the state,
        // by design); the refresh job removes such rows when it meets them. At most one per write in flight.
        Assert.InRange(due.Count - active.Count, 0, new ImportOptions().MaxConcurrency);
    }

    [Fact]
    public async Task Import_racing_webhooks_for_the_same_trackings_never_regresses_one()
    {
        const int count = 600;
        await using var rig = await ImportRig.StartAsync(count, deliveredEvery: 0);

        // Small pages and a one-second budget: many slices, each handing over to the next through the queue.
        rig.Settings["Import:PageSize"] = "50";
        rig.Settings["Import:TimeBudget"] = "00:00:01";
        await using var app = await rig.StartAppAsync();
        var receiver = app.Get<WebhookReceiver>();
        Assert.Equal(202, Assert.IsType<JsonResult>(await StartAsync(app)).StatusCode);

        // AfterShip moves every tracking on while the import reads them, newest first like the list, and delivers
        // each new state by webhook: a page read before the move must not overwrite the webhook's newer state.
        var order = rig.Simulator.Trackings.Reverse().Select(t => t.Id).ToList();
        var host = rig.Host(app);
        var import = host.DrainAsync();
        await Parallel.ForEachAsync(order, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, ct) =>
        {
            rig.Simulator.Advance(id, "OutForDelivery");
            var body = rig.Simulator.BuildWebhookBody(id);
            var receipt = await receiver.ReceiveAsync(new MemoryStream(body), body.Length, AfterShipSimulator.Sign(body, TestApp.WebhookSecret), "2025-01", ct);
            Assert.Equal(WebhookReceipt.Stored, receipt);
        });
        await import;

        var job = (await app.Get<ImportJobStore>().GetAsync(None))!;
        Assert.Equal(ImportState.Completed, job.State);
        Assert.True(host.Invocations > 1, "The one-second budget should have split the import into slices.");
        Assert.Equal(count, job.Trackings);
        Assert.Equal(0, rig.Simulator.CountResponses(429));
        var latest = rig.Simulator.Trackings.ToDictionary(t => t.Id, t => t.UpdatedAt);
        var states = await StatesAsync(app);
        Assert.Equal(count, states.Count);
        Assert.All(states, s =>
        {
            Assert.Equal(latest[s.Id], s.UpdatedAt);
            Assert.Equal("OutForDelivery", s.Tag);
        });
    }

    [Fact]
    public async Task Second_start_while_an_import_runs_gets_409_and_a_start_after_cancel_is_accepted()
    {
        await using var rig = await ImportRig.StartAsync(10);
        await using var app = await rig.StartAppAsync();

        Assert.Equal(202, Assert.IsType<JsonResult>(await StartAsync(app)).StatusCode);
        var second = Assert.IsType<ObjectResult>(await StartAsync(app));
        Assert.Equal(409, second.StatusCode);
        Assert.Equal(409, Assert.IsType<ProblemDetails>(second.Value).Status);
        Assert.Contains("application/problem+json", second.ContentTypes);

        Assert.IsType<JsonResult>(await app.Create<ImportApi>().CancelAsync(HttpRequests.Post([]), None));

        // The first slice's message finds its import cancelled and does nothing.
        rig.Simulator.ClearRequests();
        await rig.Host(app).DrainAsync();
        Assert.Empty(rig.Simulator.Requests);
        Assert.Equal(ImportState.Cancelled, (await app.Get<ImportJobStore>().GetAsync(None))!.State);

        Assert.Equal(202, Assert.IsType<JsonResult>(await StartAsync(app, """{"tag":"InTransit"}""")).StatusCode);
        await rig.Host(app).DrainAsync();
        var status = Assert.IsType<JsonResult>(await app.Create<ImportApi>().GetAsync(HttpRequests.Get(), None));
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(status.Value, status.SerializerSettings as JsonSerializerOptions));
        Assert.Equal("completed", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(9, json.RootElement.GetProperty("trackings").GetInt64());
        Assert.Equal(9, json.RootElement.GetProperty("changed").GetInt64());
        Assert.Equal(1, json.RootElement.GetProperty("pages").GetInt64());
        Assert.Equal(0, json.RootElement.GetProperty("estimated_seconds_left").GetDouble());
        Assert.Contains("tag=InTransit", rig.Simulator.Requests.Single().Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"created_at_min":"yesterday"}""")]
    [InlineData("""{"created_at_min":"2026-02-01T00:00:00Z","created_at_max":"2026-01-01T00:00:00Z"}""")]
    [InlineData("""{"tag":"In Transit; drop"}""")]
    public async Task Start_with_a_bad_body_gets_400_and_starts_nothing(string body)
    {
        await using var rig = await ImportRig.StartAsync(0);
        await using var app = await rig.StartAppAsync();

        var result = Assert.IsType<ObjectResult>(await StartAsync(app, body));

        Assert.Equal(400, result.StatusCode);
        Assert.IsType<ProblemDetails>(result.Value);
        Assert.Null(await app.Get<ImportJobStore>().GetAsync(None));
    }

    [Fact]
    public async Task Created_at_filters_reach_AfterShip_as_iso_dates_and_select_the_range()
    {
        await using var rig = await ImportRig.StartAsync(0);
        rig.Simulator.AddTracking("OLD1", "ups", customize: j => j["created_at"] = "2026-01-05T10:00:00+00:00");
        rig.Simulator.AddTracking("NEW1", "ups", customize: j => j["created_at"] = "2026-03-05T10:00:00+00:00");
        await using var app = await rig.StartAppAsync();

        await StartAsync(app, """{"created_at_min":"2026-02-01T00:00:00Z","created_at_max":"2026-04-01T00:00:00+00:00"}""");
        await rig.Host(app).DrainAsync();

        var states = await StatesAsync(app);
        Assert.Equal("NEW1", Assert.Single(states).TrackingNumber);
        var query = rig.Simulator.Requests.Single(r => r.Endpoint == "GET /trackings").Query;
        Assert.Contains("created_at_min=2026-02-01T00%3A00%3A00%2B00%3A00", query, StringComparison.Ordinal);
    }
}
