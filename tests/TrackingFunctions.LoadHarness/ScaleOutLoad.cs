using System.Diagnostics;
using AfterShip.Simulator;
using Azure.Storage.Queues.Models;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Budget;
using TrackingFunctions.Changes;
using TrackingFunctions.Commands;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Budget;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;

namespace TrackingFunctions.LoadHarness;

/// <summary>
/// Several instances of the app (each its own service provider, budget and HTTP client; one table prefix, one queue)
/// drain one burst of create commands against the simulator at AfterShip's real create limit (20/s), sharing the
/// budget through Azurite. Then the latency the budget adds to a call on an idle endpoint, against the per-process
/// limiter it replaces.
/// </summary>
internal static class ScaleOutLoad
{
    private const double Limit = 20;
    private const double Effective = Limit * 0.9;

    public static async Task RunAsync(HarnessOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine($"== Scale-out: {options.ScaleOutCreates} creates through the queue trigger on 1..8 instances sharing one budget (limit {Limit}/s, budget {Effective}/s) ==");
        Console.WriteLine("| Instances | Creates | Drain s | Creates/s, drain | First to last create s | Creates/s, AfterShip's view | vs budget 18/s | Full swing /s | 429s | Budget storage ops per call | Storage ops per create | Instances degraded |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var instances in options.ScaleOutInstances)
        {
            await RunOneAsync(instances, options.ScaleOutCreates, cancellationToken);
        }

        await AddedLatencyAsync(cancellationToken);
    }

    private static async Task RunOneAsync(int instances, int creates, CancellationToken cancellationToken)
    {
        await using var simulator = await AfterShipSimulator.StartAsync(new SimulatorOptions { ApiKey = TestApp.ApiKey }, cancellationToken);
        var prefix = "so" + Guid.NewGuid().ToString("N")[..10];
        var apps = new List<TestApp>();
        var queues = await CommandQueues.CreateAsync();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                apps.Add(await TestApp.StartAsync(simulator.BaseUrl, new Dictionary<string, string?> { ["Storage:TablePrefix"] = prefix, ["RateBudget:Enabled"] = "true" }, services: Measure.ProductionLogging));
            }

            // One create per instance first (tables, connections, JIT, its first claim), as a running host would be
            // warm; the timed part is the steady state.
            foreach (var app in apps)
            {
                var warm = QueuesModelFactory.QueueMessage(Guid.NewGuid().ToString(), "warm", BinaryData.FromString(Create("warm-" + Guid.NewGuid().ToString("N")[..12])), 1);
                await app.Create<ProcessTrackingCommand>().RunAsync(warm, cancellationToken);
                await app.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);
            }

            simulator.ClearRequests();
            var ids = Enumerable.Range(0, creates).Select(i => $"so-{i:D5}-{Guid.NewGuid():N}"[..24]).ToList();
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (id, ct) => await queues.SendAsync(Create(id)));
            apps.ForEach(a => a.StorageRequests.Reset());

            var started = DateTimeOffset.UtcNow;
            var drain = Stopwatch.StartNew();
            var hosts = apps.Select(app => new QueueTriggerHost(queues.Queue, queues.Poison, (m, ct) => app.Create<ProcessTrackingCommand>().RunAsync(m, ct), QueueTriggerSettings.FromHostJson())).ToList();
            using (var cap = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                cap.CancelAfter(TimeSpan.FromSeconds(60 + (creates / 5)));
                await Task.WhenAll(hosts.Select(h => h.DrainAsync(cap.Token)));
            }

            drain.Stop();
            foreach (var app in apps)
            {
                await app.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);
            }

            var budgetOps = apps.Sum(a => a.StorageRequests.Requests.Count(r => r.Contains(TableNames.RateBudget, StringComparison.Ordinal)));
            var allOps = apps.Sum(a => a.StorageRequests.Count);
            // Read back a few at a time: a thousand reads at once is what made Azurite time out here before.
            var succeeded = 0;
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (id, ct) =>
            {
                if ((await apps[0].Get<CommandOutcomeStore>().GetAsync(id, ct))?.Status == CommandStatus.Succeeded)
                {
                    Interlocked.Increment(ref succeeded);
                }
            });
            var posts = simulator.Requests.Count(r => r.Endpoint == EndpointKeys.CreateTracking);
            var perSecond = succeeded / drain.Elapsed.TotalSeconds;
            var created = simulator.Requests.Where(r => r.Endpoint == EndpointKeys.CreateTracking).Select(r => r.At).Order().ToList();
            var seconds = ArrivalRates.PerSecond(created);
            Console.Error.WriteLine($"  {instances} instance(s), creates per AfterShip second: {string.Join(' ', seconds)}; first create {(created[0] - started).TotalSeconds:F1} s after the drain started, last {(started + drain.Elapsed - created[^1]).TotalSeconds:F1} s before it ended");

            // AfterShip's view: first to last create (the drain also counts the hosts' start and their last writes), and
            // the rate once every instance is in full swing.
            var span = (created[^1] - created[0]).TotalSeconds;
            var spanRate = ArrivalRates.Overall(created);
            var fullSwing = ArrivalRates.FullSwing(seconds);
            var degraded = apps.Count(a => a.Logs.GetSnapshot().Any(r => r.Message.Contains("running degraded", StringComparison.Ordinal)));
            Console.WriteLine($"| {instances} | {succeeded}/{creates} | {drain.Elapsed.TotalSeconds:F1} | {perSecond:F1} | {span:F1} | {spanRate:F1} | {Measure.Ratio(spanRate, Effective)} | {fullSwing} | {simulator.CountResponses(429)} | {(double)budgetOps / Math.Max(1, posts):F2} | {(double)allOps / Math.Max(1, succeeded):F2} | {degraded} |");
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }

            await queues.Queue.DeleteIfExistsAsync(CancellationToken.None);
            await queues.Poison.DeleteIfExistsAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Sequential creates 300 ms apart (an endpoint idle between calls, the budget's worst case: a claim per call)
    /// and, separately, back to back (a busy instance spending a claimed block): time from asking for a slot to
    /// having it, with the shared budget and with the per-process limiter.
    /// </summary>
    private static async Task AddedLatencyAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine("Time to a create slot (ms), p50 / p90, on one instance: shared budget vs per-process limiter");
        foreach (var (name, gap) in new[] { ("idle endpoint, one call every 300 ms", TimeSpan.FromMilliseconds(300)), ("busy, calls back to back", TimeSpan.Zero) })
        {
            var shared = await SlotLatencyAsync(enabled: true, gap, cancellationToken);
            var local = await SlotLatencyAsync(enabled: false, gap, cancellationToken);
            Console.WriteLine($"  {name}: budget {shared.P50:F1} / {shared.P90:F1}, per-process {local.P50:F1} / {local.P90:F1}; added at p50: {shared.P50 - local.P50:F1} ms; budget storage ops per call {shared.OpsPerCall:F2}");
        }
    }

    private static async Task<(double P50, double P90, double OpsPerCall)> SlotLatencyAsync(bool enabled, TimeSpan gap, CancellationToken cancellationToken)
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["RateBudget:Enabled"] = enabled ? "true" : "false" }, services: Measure.ProductionLogging);
        var budget = app.Get<AfterShipRateBudget>();
        await budget.AcquireAsync(AfterShipEndpoint.CreateTracking, cancellationToken);
        app.StorageRequests.Reset();
        var samples = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            if (gap > TimeSpan.Zero)
            {
                await Task.Delay(gap, cancellationToken);
            }

            var watch = Stopwatch.StartNew();
            await budget.AcquireAsync(AfterShipEndpoint.CreateTracking, cancellationToken);
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        var ops = app.StorageRequests.Requests.Count(r => r.Contains(TableNames.RateBudget, StringComparison.Ordinal));
        return (samples[samples.Count / 2], samples[(int)(samples.Count * 0.9)], (double)ops / samples.Count);
    }

    private static string Create(string requestId)
        => $$$"""{"action":"create","request_id":"{{{requestId}}}","tracking":{"tracking_number":"SO{{{Guid.NewGuid().ToString("N")[..12].ToUpperInvariant()}}}","slug":"ups"}}""";
}
