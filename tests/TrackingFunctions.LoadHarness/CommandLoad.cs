using System.Diagnostics;
using AfterShip.Simulator;
using TrackingFunctions.Commands;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.LoadHarness;

/// <summary>
/// Create commands enqueued at once and drained through <see cref="ProcessTrackingCommand"/> by a loop that does what
/// the Functions queue trigger does (batches of 16, as host.json sets), against the simulator's enforced 20/s limit
/// on POST /trackings. The client spaces creates at the limit less its 10% headroom: 18/s.
/// </summary>
internal static class CommandLoad
{
    private const double Limit = 20;
    private const double Headroom = 0.1;

    public static async Task RunAsync(HarnessOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine($"== Commands: {options.Creates} creates through the queue trigger ==");
        var started = Stopwatch.StartNew();
        await using var simulator = await AfterShipSimulator.StartAsync(new SimulatorOptions { ApiKey = TestApp.ApiKey }, cancellationToken);
        await using var app = await TestApp.StartAsync(simulator.BaseUrl, services: Measure.ProductionLogging);
        var queues = await CommandQueues.CreateAsync();
        try
        {
            var host = new QueueTriggerHost(queues.Queue, queues.Poison, (m, ct) => app.Create<ProcessTrackingCommand>().RunAsync(m, ct), batchSize: 16);

            // One create first: tables, connections and JIT, so the timed part is the steady state.
            var warmId = "warm-" + Guid.NewGuid().ToString("N")[..8];
            await queues.SendAsync(Create(warmId));
            await host.DrainAsync(cancellationToken);

            var ids = Enumerable.Range(0, options.Creates).Select(i => $"load-{i:D5}-{Guid.NewGuid():N}"[..24]).ToList();
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (id, ct) => await queues.SendAsync(Create(id)));
            simulator.ClearRequests();
            app.StorageRequests.Reset();

            var drain = Stopwatch.StartNew();
            using (var cap = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                cap.CancelAfter(TimeSpan.FromSeconds(30 + (options.Creates / 10)));
                await host.DrainAsync(cap.Token);
            }

            drain.Stop();

            // Counted before the outcomes are read back below, which would add one read per command.
            var counted = app.StorageRequests.Requests;
            var outcomes = await Task.WhenAll(ids.Select(id => app.Get<CommandOutcomeStore>().GetAsync(id, cancellationToken)));
            var posts = simulator.Requests.Where(r => r.Endpoint == "POST /trackings").ToList();
            var created = posts.Count(r => r.StatusCode is 201 or 200);
            var succeeded = outcomes.Count(o => o?.Status == CommandStatus.Succeeded);
            var perSecond = succeeded / drain.Elapsed.TotalSeconds;
            var storageTrips = (double)counted.Count / Math.Max(1, succeeded);
            var effective = Limit * (1 - Headroom);

            Console.WriteLine($"Drained in {drain.Elapsed.TotalSeconds:F1} s: {succeeded}/{ids.Count} succeeded, {posts.Count} POST /trackings ({created} answered 2xx), {simulator.CountResponses(429)} answered 429, {host.Poisoned} poisoned");
            Console.WriteLine($"Creates/s: {perSecond:F1}   vs limit {Limit:F0}/s: {Measure.Ratio(perSecond, Limit)}   vs {effective:F0}/s after {Headroom:P0} headroom: {Measure.Ratio(perSecond, effective)}");
            Console.WriteLine($"POSTs per aligned second: {Measure.PerSecond(posts.Select(p => p.At))}");
            Console.WriteLine($"Storage round trips per create (the app's tables and its change-event queue send; the command queue's own receive and delete are not counted): {storageTrips:F2}");
            Console.WriteLine($"  per create: {Measure.Breakdown(counted, app.TablePrefix, succeeded)}");
            Console.WriteLine($"(commands took {started.Elapsed.TotalSeconds:F0} s; {Measure.LoadAverage()})");
        }
        finally
        {
            await queues.Queue.DeleteIfExistsAsync(CancellationToken.None);
            await queues.Poison.DeleteIfExistsAsync(CancellationToken.None);
        }
    }

    private static string Create(string requestId)
        => $$$"""{"action":"create","request_id":"{{{requestId}}}","tracking":{"tracking_number":"LOAD{{{Guid.NewGuid().ToString("N")[..12].ToUpperInvariant()}}}","slug":"ups"}}""";
}
