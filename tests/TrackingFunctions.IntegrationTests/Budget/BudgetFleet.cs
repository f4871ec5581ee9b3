using System.Globalization;
using AfterShip.Simulator;
using Microsoft.Extensions.DependencyInjection;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Commands;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;

namespace TrackingFunctions.IntegrationTests.Budget;

/// <summary>
/// Several instances of one deployment in this test process: each its own service provider (so its own budget,
/// clock and HTTP client), all on one table prefix in one Azurite, one command queue and one AfterShip simulator.
/// </summary>
internal sealed class BudgetFleet : IAsyncDisposable
{
    /// <summary>Tracking numbers of "another client" start with this, so its requests can be told from ours.</summary>
    public const string OtherClientMark = "OTHER";

    private BudgetFleet(AfterShipSimulator simulator, IReadOnlyList<TestApp> apps, CommandQueues queues, double createLimit)
    {
        Simulator = simulator;
        Apps = apps;
        Queues = queues;
        CreateLimit = createLimit;
    }

    public AfterShipSimulator Simulator { get; }

    public IReadOnlyList<TestApp> Apps { get; }

    public CommandQueues Queues { get; }

    public double CreateLimit { get; }

    /// <summary>Our POST /trackings, in arrival order (not the other client's).</summary>
    public IReadOnlyList<RecordedRequest> OurCreates => [.. Simulator.Requests
        .Where(r => r.Endpoint == EndpointKeys.CreateTracking && r.Body?.Contains(OtherClientMark, StringComparison.Ordinal) != true)
        .OrderBy(r => r.At)];

    public static async Task<BudgetFleet> StartAsync(
        int instances,
        int createLimit = 100,
        IReadOnlyList<TimeSpan>? skews = null,
        IDictionary<string, string?>? settings = null,
        string? tablesConnectionString = null,
        SimulatorOptions? simulatorOptions = null,
        Action<IServiceCollection>? services = null)
    {
        var options = simulatorOptions ?? new SimulatorOptions();
        options.ApiKey = TestApp.ApiKey;
        options.CreateLimit = createLimit;
        var simulator = await AfterShipSimulator.StartAsync(options);
        var prefix = "b" + Guid.NewGuid().ToString("N")[..12];
        var values = new Dictionary<string, string?>
        {
            ["Storage:TablePrefix"] = prefix,
            ["RateBudget:Enabled"] = "true",
            ["AfterShip:RateLimits:CreateTracking"] = createLimit.ToString(CultureInfo.InvariantCulture),

            // Azurite on a loaded 2-core test machine answers in hundreds of milliseconds at times, which the 1 s
            // production default would treat as an outage (degraded mode has tests of its own).
            ["RateBudget:StorageTimeout"] = "00:00:03",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var apps = new List<TestApp>();
        for (var i = 0; i < instances; i++)
        {
            var skew = skews is { Count: > 0 } ? skews[i % skews.Count] : TimeSpan.Zero;
            apps.Add(await TestApp.StartAsync(
                simulator.BaseUrl,
                values,
                tablesConnectionString: tablesConnectionString,
                services: s =>
                {
                    s.AddSingleton<TimeProvider>(new SkewedTimeProvider(skew));
                    services?.Invoke(s);
                }));
        }

        return new BudgetFleet(simulator, apps, await CommandQueues.CreateAsync(), createLimit);
    }

    /// <summary>Puts <paramref name="count"/> create commands on the shared queue; returns their request ids.</summary>
    public async Task<IReadOnlyList<string>> EnqueueCreatesAsync(int count, string tag)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"{tag}-{i:D4}").ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
            await Queues.SendAsync($$$"""{"action":"create","request_id":"{{{id}}}","tracking":{"tracking_number":"B{{{Guid.NewGuid().ToString("N")[..12].ToUpperInvariant()}}}","slug":"ups"}}"""));
        return ids;
    }

    /// <summary>Every instance runs the queue trigger over the shared queue until it is empty.</summary>
    public async Task<IReadOnlyList<QueueTriggerHost>> DrainAsync(IEnumerable<TestApp>? instances = null)
    {
        var hosts = (instances ?? Apps).Select(app => new QueueTriggerHost(Queues.Queue, Queues.Poison, (m, ct) => app.Create<ProcessTrackingCommand>().RunAsync(m, ct))).ToList();
        await Task.WhenAll(hosts.Select(h => h.DrainAsync()));
        return hosts;
    }

    /// <summary>
    /// Creates <paramref name="count"/> trackings straight through each instance's AfterShip client, many at once per
    /// instance, split evenly: what the budget alone allows, without the command pipeline's storage work.
    /// </summary>
    public async Task CreateDirectlyAsync(int count, int concurrencyPerInstance = 32)
    {
        var perInstance = count / Apps.Count;
        await Task.WhenAll(Apps.Select(app => Parallel.ForEachAsync(
            Enumerable.Range(0, perInstance),
            new ParallelOptions { MaxDegreeOfParallelism = concurrencyPerInstance },
            async (_, ct) => await app.Get<IAfterShipClient>().CreateTrackingAsync(
                new CreateTrackingRequest { TrackingNumber = "D" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant(), Slug = "ups" }, ct))));
    }

    public async Task<IReadOnlyList<CommandOutcome?>> OutcomesAsync(IEnumerable<string> ids)
    {
        var store = Apps[0].Get<CommandOutcomeStore>();
        return await Task.WhenAll(ids.Select(id => store.GetAsync(id, CancellationToken.None)));
    }

    /// <summary>Storage requests the budget made (claims, looks, hold-offs), over every instance.</summary>
    public int BudgetStorageOperations => Apps.Sum(a => a.StorageRequests.Requests.Count(r => r.Contains(TableNames.RateBudget, StringComparison.Ordinal)));

    /// <summary>Our 429s.</summary>
    public int Our429s => Simulator.Requests.Count(r => r.StatusCode == 429 && r.Body?.Contains(OtherClientMark, StringComparison.Ordinal) != true);

    /// <summary>Our creates per second of arrival, from the first to the last one.</summary>
    public double CreateThroughput() => ArrivalRates.Overall([.. OurCreates.Select(r => r.At)]);

    /// <summary>Our creates per second while the burst is in full swing (<see cref="ArrivalRates.FullSwing"/>).</summary>
    public double SteadyCreateThroughput() => ArrivalRates.FullSwing(ArrivalRates.PerSecond(OurCreates.Select(r => r.At)));

    /// <summary>Requests per whole Unix second (AfterShip's windows) to one endpoint, everyone's.</summary>
    public IReadOnlyList<int> PerSecond(string endpoint) => ArrivalRates.PerSecond(Simulator.Requests.Where(r => r.Endpoint == endpoint).Select(r => r.At));

    public async ValueTask DisposeAsync()
    {
        foreach (var app in Apps)
        {
            await app.DisposeAsync();
        }

        await Simulator.DisposeAsync();
        await Queues.Queue.DeleteIfExistsAsync();
        await Queues.Poison.DeleteIfExistsAsync();
    }
}
