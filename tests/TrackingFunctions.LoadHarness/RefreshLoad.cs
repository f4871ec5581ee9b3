using System.Diagnostics;
using System.Text.Json;
using AfterShip.Simulator;
using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Changes;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Refresh;
using TrackingFunctions.Storage;

namespace TrackingFunctions.LoadHarness;

/// <summary>
/// One refresh pass over N due trackings, as the timer runs it (<see cref="TrackingRefresher"/> from the app's DI),
/// against the simulator's enforced limits: GET /trackings 6/s, GET /trackings/{id} 5/s. The client spaces calls at
/// the limit less 10% headroom, so the ceiling is 5.4 list calls/s × 50 trackings a call = 270 trackings/s.
/// </summary>
/// <remarks>
/// Seeding uses the real write path: each tracking is added to the simulator (as if AfterShip had it), then written
/// through <see cref="ITrackingStore.ApplyAsync"/> as a command would, by a second app instance over the same tables
/// whose clock is a day behind, so every tracking's first refresh (2 h ± 10% after the write) is already due. Every
/// fifth tracking then gets a new checkpoint at the simulator, so the pass finds some changed and some unchanged.
/// </remarks>
internal static class RefreshLoad
{
    private const double ListLimit = 6;
    private const double Headroom = 0.1;
    private const int BatchSize = 50;
    private static readonly TimeSpan PassBudget = TimeSpan.FromSeconds(90);
    private static readonly string[] Slugs = ["ups", "fedex", "usps", "dhl"];

    public static async Task RunAsync(HarnessOptions options, CancellationToken cancellationToken)
    {
        foreach (var size in options.RefreshSizes)
        {
            await RunOneAsync(size, cancellationToken);
        }
    }

    private static async Task RunOneAsync(int size, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine($"== Refresh: one pass over {size:N0} due trackings ==");
        var started = Stopwatch.StartNew();
        await using var simulator = await AfterShipSimulator.StartAsync(new SimulatorOptions { ApiKey = TestApp.ApiKey }, cancellationToken);
        var dayAgo = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-1));
        await using var seeder = await TestApp.StartAsync(simulator.BaseUrl, time: dayAgo, services: Measure.ProductionLogging);

        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var seeded = new List<string>(size);
        for (var i = 0; i < size; i++)
        {
            seeded.Add(simulator.AddTracking($"RF{tag}{i:D7}", Slugs[i % Slugs.Length], checkpoints: 5).Id);
        }

        var store = seeder.Get<ITrackingStore>();
        var seeding = Stopwatch.StartNew();
        await Parallel.ForEachAsync(seeded, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            var json = JsonSerializer.SerializeToElement(simulator.FindTracking(id)!.ToJson());
            await store.ApplyAsync(Tracking.FromJson(json), TrackingSource.Command, null, ct);
        });
        Console.WriteLine($"Seeded {size:N0} trackings through ITrackingStore.ApplyAsync in {seeding.Elapsed.TotalSeconds:F1} s ({size / seeding.Elapsed.TotalSeconds:F0}/s, {(double)seeder.StorageRequests.Count / size:F2} round trips each, first write)");
        Console.WriteLine($"  per seeded tracking: {Measure.Breakdown(seeder.StorageRequests.Requests, seeder.TablePrefix, size)}");
        for (var i = 0; i < seeded.Count; i += 5)
        {
            simulator.Advance(seeded[i]);
        }

        // The pass's time budget is cut from the production 4 minutes so a run stays short whatever the machine does;
        // what it could not reach in time is reported as deferred.
        var settings = new Dictionary<string, string?> { ["Storage:TablePrefix"] = seeder.TablePrefix, ["Refresh:TimeBudget"] = PassBudget.ToString() };
        await using var app = await TestApp.StartAsync(simulator.BaseUrl, settings, services: Measure.ProductionLogging);
        simulator.ClearRequests();
        app.StorageRequests.Reset();

        RefreshRunSummary summary;
        using (var cap = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            cap.CancelAfter(TimeSpan.FromMinutes(5));
            summary = await app.Get<TrackingRefresher>().RunAsync(cap.Token);
        }

        // The changed trackings' events go out after their writes: counted too.
        await app.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);

        var requests = simulator.Requests;
        var lists = requests.Where(r => r.Endpoint == "GET /trackings").OrderBy(r => r.At).ToList();
        var gets = requests.Count(r => r.Endpoint == "GET /trackings/{id}");
        var rateLimited = simulator.CountResponses(429);
        var perSecond = summary.Refreshed / summary.Duration.TotalSeconds;
        var ceiling = ListLimit * (1 - Headroom) * BatchSize;
        var listSpan = lists.Count > 1 ? (lists[^1].At - lists[0].At).TotalSeconds : double.NaN;
        var listRate = lists.Count > 1 ? (lists.Count - 1) / listSpan : double.NaN;
        var afterShipPhase = lists.Count > 1 ? summary.Refreshed / (listSpan + 1 / (ListLimit * (1 - Headroom))) : double.NaN;

        Console.WriteLine($"Pass: {summary.Due:N0} due of {summary.RowsRead:N0} rows read; {summary.Refreshed:N0} refreshed ({summary.Changed:N0} changed), {summary.Failed} failed, {summary.Deferred} deferred, in {summary.Duration.TotalSeconds:F1} s");
        Console.WriteLine($"AfterShip calls: {lists.Count} GET /trackings + {gets} GET /trackings/{{id}} = {(double)(lists.Count + gets) / Math.Max(1, summary.Refreshed):F3} calls per tracking (ideal 1/{BatchSize} = {1.0 / BatchSize:F3}); 429s: {rateLimited}; client retries: {summary.Retries}");
        Console.WriteLine($"Refreshed/s over the whole pass: {perSecond:F0}   vs ceiling {ceiling:F0}/s (5.4 list calls/s × {BatchSize}): {Measure.Ratio(perSecond, ceiling)}");
        Console.WriteLine($"AfterShip phase only (first to last list call): {listRate:F2} list calls/s vs 5.4: {Measure.Ratio(listRate, ListLimit * (1 - Headroom))}; {afterShipPhase:F0} trackings/s vs {ceiling:F0}: {Measure.Ratio(afterShipPhase, ceiling)}");
        Console.WriteLine($"List calls per aligned second: {Measure.PerSecond(lists.Select(r => r.At))}");
        Console.WriteLine($"Storage operations per due tracking in the pass (change-event publishes included): {(double)app.StorageRequests.Count / Math.Max(1, summary.Due):F2}");
        Console.WriteLine($"  per due tracking: {Measure.Breakdown(app.StorageRequests.Requests, seeder.TablePrefix, summary.Due)}");
        Console.WriteLine($"Budget exhausted: {summary.BudgetExhausted} (pass budget {PassBudget.TotalSeconds:F0} s; production default 240 s)");
        Console.WriteLine($"(refresh {size:N0} took {started.Elapsed.TotalSeconds:F0} s including seeding; {Measure.LoadAverage()})");
    }
}
