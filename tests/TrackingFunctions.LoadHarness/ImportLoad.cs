using System.Diagnostics;
using System.Text.Json;
using AfterShip.Simulator;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using TrackingFunctions.AfterShip.Models;
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
/// storage the import started from, and one that has not served the import's 10,000-row tables first.
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
        var perSecond = job.Trackings / clock.Elapsed.TotalSeconds;
        var listCeiling = ListLimit * (1 - Headroom) * PageSize;
        Console.WriteLine($"Import: {job.State}, {job.Pages} pages, {job.Trackings:N0} trackings ({job.Changed:N0} changed, {job.Skipped} skipped), {stored:N0} state rows, in {clock.Elapsed.TotalSeconds:F1} s including the crash and restart");
        Console.WriteLine($"List calls: {lists.Count} for {pages} pages ({listsBefore} before the crash, {lists.Count - listsBefore} after: re-read {lists.Count - pages} beyond the checkpoint); 429s: {simulator.CountResponses(429)}");
        Console.WriteLine($"List calls per aligned second: {Measure.PerSecond(lists.Select(r => r.At))}");
        Console.WriteLine($"Storage round trips per tracking after the restart: {Measure.Breakdown(second.StorageRequests.Requests, settings["Storage:TablePrefix"]!, (int)(job.Trackings - checkpoint.Trackings))}");
        Console.WriteLine($"Imported/s: {perSecond:F0}   vs list ceiling {listCeiling:F0}/s (5.4 calls/s × {PageSize}): {Measure.Ratio(perSecond, listCeiling)}");
        var steady = (job.Trackings - checkpoint.Trackings) / resumed.Elapsed.TotalSeconds;
        Console.WriteLine($"After the restart alone (no app start-up, no crash): {job.Trackings - checkpoint.Trackings:N0} trackings in {resumed.Elapsed.TotalSeconds:F1} s = {steady:F0}/s; Azurite's table service busy {resumedCpu / resumed.Elapsed:P0} of it");
        Console.WriteLine($"({Measure.LoadAverage()}; storage: {azurite.Describe()})");

        // The storage ceiling: the same writes, same concurrency, no AfterShip, fresh tables on a fresh Azurite (the
        // change events go to its queue too: with no Queues setting they follow Tables).
        var items = simulator.Trackings.Select(t => Tracking.FromJson(JsonSerializer.SerializeToElement(t.ToJson()))).ToList();
        await using var fresh = await Azurite.StartAsync();
        await using var bare = await TestApp.StartAsync(simulator.BaseUrl, tablesConnectionString: fresh.ConnectionString, services: Measure.ProductionLogging);
        var store = bare.Get<ITrackingStore>();
        var concurrency = new ImportOptions().MaxConcurrency;
        var storageCpu = fresh.TableCpu;
        var storage = Stopwatch.StartNew();
        var retried = 0;
        var done = 0;
        var atCheckpoint = TimeSpan.Zero;
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (t, ct) =>
        {
            // The import's slice would fail and resume here; for a ceiling, trying the one write again is the same cost.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await store.ApplyAsync(t, TrackingSource.Import, null, ct);
                    if (Interlocked.Increment(ref done) == checkpoint.Trackings)
                    {
                        atCheckpoint = storage.Elapsed;
                    }

                    return;
                }
                catch (StorageUnavailableException) when (attempt < 5)
                {
                    Interlocked.Increment(ref retried);
                }
            }
        });
        storage.Stop();
        storageCpu = fresh.TableCpu - storageCpu;
        Console.WriteLine($"(ceiling's storage: {fresh.Describe()})");
        var storageCeiling = items.Count / storage.Elapsed.TotalSeconds;
        var rest = items.Count - checkpoint.Trackings;
        var storageRest = rest / (storage.Elapsed - atCheckpoint).TotalSeconds;
        Console.WriteLine($"Storage ceiling: {items.Count:N0} ApplyAsync at concurrency {concurrency}, no AfterShip: {storage.Elapsed.TotalSeconds:F1} s = {storageCeiling:F0}/s; Azurite's table service busy {storageCpu / storage.Elapsed:P0} of it; {retried} writes retried after a storage timeout");
        Console.WriteLine($"Storage ceiling's round trips per tracking: {Measure.Breakdown(bare.StorageRequests.Requests, bare.TablePrefix, items.Count)}");
        Console.WriteLine($"Storage ceiling over the same stretch as after the restart (trackings {checkpoint.Trackings + 1:N0} to {items.Count:N0}, tables already holding {checkpoint.Trackings:N0}): {rest:N0} in {(storage.Elapsed - atCheckpoint).TotalSeconds:F1} s = {storageRest:F0}/s");
        var ceiling = Math.Min(listCeiling, storageCeiling);
        Console.WriteLine($"Import vs the lower ceiling ({(storageCeiling < listCeiling ? "storage" : "list endpoint")}, {ceiling:F0}/s): {Measure.Ratio(perSecond, ceiling)} overall; after the restart {Measure.Ratio(steady, Math.Min(listCeiling, storageRest))} of the ceiling over the same stretch");
        Console.WriteLine($"(import {size:N0} took {started.Elapsed.TotalSeconds:F0} s in all; {Measure.LoadAverage()})");
        await queue.DeleteIfExistsAsync(cancellationToken);
        await poison.DeleteIfExistsAsync(cancellationToken);
    }
}
