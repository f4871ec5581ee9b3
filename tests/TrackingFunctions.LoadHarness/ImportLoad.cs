using System.Diagnostics;
using System.Text.Json;
using AfterShip.Simulator;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Changes;
using TrackingFunctions.Functions;
using TrackingFunctions.Import;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.IntegrationTests.Import;
using TrackingFunctions.Storage;

namespace TrackingFunctions.LoadHarness;

/// <summary>
/// The import of N trackings from the simulator (enforcing GET /trackings 6/s), with a crash in the middle and a
/// restart, driven as the host drives it: start endpoint, then the queue loop running <see cref="ContinueImport"/>.
/// Two ceilings: the list endpoint's (5.4 calls/s after the 10% headroom × 200 per page = 1,080 trackings/s) and
/// storage's, measured here as the same trackings written through the same <see cref="ITrackingStore.ApplyAsync"/>
/// at the same concurrency with no AfterShip call at all, into fresh tables on a fresh Azurite: the same empty
/// storage the import started from. Both are timed until their change events are out as well as until stored:
/// the events go out off the write's path, so only the first is the same work on both sides.
/// </summary>
internal static class ImportLoad
{
    private const double ListLimit = 6;
    private const double Headroom = 0.1;
    private const int PageSize = 200;

    public static async Task RunAsync(HarnessOptions options, CancellationToken cancellationToken)
    {
        var size = options.ImportSize;
        Console.WriteLine();
        Console.WriteLine($"== Import: {size:N0} trackings, crash at the middle, restart ==");
        var started = Stopwatch.StartNew();
        await using var simulator = await AfterShipSimulator.StartAsync(new SimulatorOptions { ApiKey = TestApp.ApiKey }, cancellationToken);
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        for (var i = 0; i < size; i++)
        {
            simulator.AddTracking($"IM{tag}{i:D7}", i % 2 == 0 ? "ups" : "dhl", i % 10 == 0 ? "Delivered" : "InTransit", checkpoints: 5);
        }

        Console.WriteLine($"Seeded the simulator in {started.Elapsed.TotalSeconds:F1} s");
        var azurite = await Azurite.GetAsync();
        var queue = new QueueClient(azurite.ConnectionString, "imp-" + Guid.NewGuid().ToString("N")[..16]);
        var poison = new QueueClient(azurite.ConnectionString, queue.Name + "-poison");
        await queue.CreateAsync(cancellationToken: cancellationToken);
        await poison.CreateAsync(cancellationToken: cancellationToken);
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["ImportQueueName"] = queue.Name,
            ["Storage:TablePrefix"] = "t" + Guid.NewGuid().ToString("N")[..12],
        };

        // First instance: dies 100 writes into the page after the middle one.
        var crashAt = (size / 2 / PageSize * PageSize) + 100;
        var clock = Stopwatch.StartNew();
        ImportJob checkpoint;
        await using (var first = await TestApp.StartAsync(simulator.BaseUrl, settings, services: s =>
        {
            Measure.ProductionLogging(s);
            s.AddSingleton(sp => CrashingTrackingStore.Wrap(ActivatorUtilities.CreateInstance<TrackingStore>(sp), crashAt));
        }))
        {
            await first.Create<ImportApi>().StartAsync(HttpRequests.Post("{}"u8.ToArray()), cancellationToken);
            var host = new QueueTriggerHost(queue, poison, (m, ct) => first.Create<ContinueImport>().RunAsync(m, ct), holdFailures: true);
            await host.DrainAsync(cancellationToken);
            checkpoint = (await first.Get<ImportJobStore>().GetAsync(cancellationToken))!;
            Console.WriteLine($"Crash after {clock.Elapsed.TotalSeconds:F1} s: checkpoint at {checkpoint.Pages} pages, {checkpoint.Trackings:N0} trackings ({host.Failures} failed invocation)");
            await host.ReleaseHeldAsync(cancellationToken);
        }

        var listsBefore = simulator.Requests.Count(r => r.Endpoint == "GET /trackings");
        await using var second = await TestApp.StartAsync(simulator.BaseUrl, settings, services: Measure.ProductionLogging);
        second.StorageRequests.Reset();
        var resumedCpu = azurite.TableCpu;
        var resumed = Stopwatch.StartNew();
        await new QueueTriggerHost(queue, poison, (m, ct) => second.Create<ContinueImport>().RunAsync(m, ct)).DrainAsync(cancellationToken);
        var importStored = (Whole: clock.Elapsed, Resumed: resumed.Elapsed);

        // Change events go out off the write's path; the import is not done with storage until they are.
        await second.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);
        clock.Stop();
        resumed.Stop();
        resumedCpu = azurite.TableCpu - resumedCpu;
        var job = (await second.Get<ImportJobStore>().GetAsync(cancellationToken))!;
        var lists = simulator.Requests.Where(r => r.Endpoint == "GET /trackings").OrderBy(r => r.At).ToList();
        var stored = 0;
        var trackings = await second.Get<TrackingTables>().GetAsync(TableNames.Trackings, cancellationToken);
        await foreach (var unused in trackings.QueryAsync<TableEntity>(r => r.RowKey == "state", select: ["RowKey"], cancellationToken: cancellationToken))
        {
            stored++;
        }

        var pages = (size + PageSize - 1) / PageSize;
        var resumedCount = (int)(job.Trackings - checkpoint.Trackings);
        var listCeiling = ListLimit * (1 - Headroom) * PageSize;
        Console.WriteLine($"Import: {job.State}, {job.Pages} pages, {job.Trackings:N0} trackings ({job.Changed:N0} changed, {job.Skipped} skipped), {stored:N0} state rows, stored in {importStored.Whole.TotalSeconds:F1} s including the crash and restart, change events out after {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"List calls: {lists.Count} for {pages} pages ({listsBefore} before the crash, {lists.Count - listsBefore} after: re-read {lists.Count - pages} beyond the checkpoint); 429s: {simulator.CountResponses(429)}");
        Console.WriteLine($"List calls per aligned second: {Measure.PerSecond(lists.Select(r => r.At))}");
        Console.WriteLine($"Storage round trips per tracking after the restart: {Measure.Breakdown(second.StorageRequests.Requests, settings["Storage:TablePrefix"]!, resumedCount)}");
        Console.WriteLine($"After the restart alone (no app start-up, no crash): {resumedCount:N0} trackings stored in {importStored.Resumed.TotalSeconds:F1} s, events out after {resumed.Elapsed.TotalSeconds:F1} s; Azurite's table service busy {resumedCpu / resumed.Elapsed:P0} of it");
        Console.WriteLine($"({Measure.LoadAverage()}; storage: {azurite.Describe()})");

        // The storage ceiling: the same trackings through ITrackingStore.ApplyAsync at the same concurrency, no
        // AfterShip, on a fresh Azurite (the same empty start the import had; change events go to its queue too, as
        // with no Queues setting they follow Tables). Like the import it runs as two app instances over one set of
        // tables, the first dropped after the first half, so "after the restart" compares the same stretch.
        var items = simulator.Trackings.Select(t => Tracking.FromJson(JsonSerializer.SerializeToElement(t.ToJson()))).ToList();
        var concurrency = new ImportOptions().MaxConcurrency;
        var retried = 0;
        async Task WriteAsync(TestApp app, Azurite storage, IEnumerable<Tracking> batch)
        {
            var store = app.Get<ITrackingStore>();
            try
            {
                await WriteAllAsync(store, batch);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Console.WriteLine($"Storage ceiling failed ({ex.GetType().Name}: {ex.Message}); storage: {storage.Describe()}");
                throw;
            }
        }

        async Task WriteAllAsync(ITrackingStore store, IEnumerable<Tracking> batch)
        {
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (t, ct) =>
            {
                // The import's slice would fail and resume here; for a ceiling, trying the one write again is the same cost.
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await store.ApplyAsync(t, TrackingSource.Import, null, ct);
                        return;
                    }
                    catch (StorageUnavailableException) when (attempt < 5)
                    {
                        Interlocked.Increment(ref retried);
                    }
                }
            });
        }

        await using var fresh = await Azurite.StartAsync();
        var ceilingSettings = new Dictionary<string, string?> { ["Storage:TablePrefix"] = "c" + Guid.NewGuid().ToString("N")[..12] };
        var whole = Stopwatch.StartNew();
        await using (var before = await TestApp.StartAsync(simulator.BaseUrl, ceilingSettings, tablesConnectionString: fresh.ConnectionString, services: Measure.ProductionLogging))
        {
            await WriteAsync(before, fresh, items.Take((int)checkpoint.Trackings));
        }

        await using var bare = await TestApp.StartAsync(simulator.BaseUrl, ceilingSettings, tablesConnectionString: fresh.ConnectionString, services: Measure.ProductionLogging);
        bare.StorageRequests.Reset();
        var stretchCpu = fresh.TableCpu;
        var stretch = Stopwatch.StartNew();
        await WriteAsync(bare, fresh, items.Skip((int)checkpoint.Trackings));
        var ceilingStored = (Whole: whole.Elapsed, Resumed: stretch.Elapsed);
        await bare.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);
        whole.Stop();
        stretch.Stop();
        stretchCpu = fresh.TableCpu - stretchCpu;
        var rest = items.Count - (int)checkpoint.Trackings;
        Console.WriteLine($"Storage ceiling: {items.Count:N0} ApplyAsync at concurrency {concurrency}, no AfterShip, two instances: stored in {ceilingStored.Whole.TotalSeconds:F1} s, events out after {whole.Elapsed.TotalSeconds:F1} s; {retried} writes retried after a storage timeout");
        Console.WriteLine($"Ceiling's second instance: {rest:N0} stored in {ceilingStored.Resumed.TotalSeconds:F1} s, events out after {stretch.Elapsed.TotalSeconds:F1} s; Azurite's table service busy {stretchCpu / stretch.Elapsed:P0} of it");
        Console.WriteLine($"Ceiling's round trips per tracking (second instance): {Measure.Breakdown(bare.StorageRequests.Requests, ceilingSettings["Storage:TablePrefix"]!, rest)}");
        Console.WriteLine($"(ceiling's storage: {fresh.Describe()})");

        string Line(string what, double import, double ceiling) => $"{what}: import {import:F1}/s, storage ceiling {ceiling:F1}/s, lower ceiling {(ceiling < listCeiling ? "storage" : "list endpoint")}: {Measure.Ratio(import, Math.Min(ceiling, listCeiling))}";
        Console.WriteLine($"List ceiling: {listCeiling:F0}/s (5.4 calls/s × {PageSize})");
        Console.WriteLine(Line("Whole run, events out", job.Trackings / clock.Elapsed.TotalSeconds, items.Count / whole.Elapsed.TotalSeconds));
        Console.WriteLine(Line("Whole run, stored", job.Trackings / importStored.Whole.TotalSeconds, items.Count / ceilingStored.Whole.TotalSeconds));
        Console.WriteLine(Line("After the restart, events out", resumedCount / resumed.Elapsed.TotalSeconds, rest / stretch.Elapsed.TotalSeconds));
        Console.WriteLine(Line("After the restart, stored", resumedCount / importStored.Resumed.TotalSeconds, rest / ceilingStored.Resumed.TotalSeconds));
        Console.WriteLine($"(import {size:N0} took {started.Elapsed.TotalSeconds:F0} s in all; {Measure.LoadAverage()})");
        await queue.DeleteIfExistsAsync(cancellationToken);
        await poison.DeleteIfExistsAsync(cancellationToken);
    }
}
