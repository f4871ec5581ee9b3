using System.Globalization;
using AfterShip.Simulator;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.Import;

/// <summary>
/// The simulator seeded with trackings, the app over Azurite with an import queue of its own, and the host's queue
/// loop over that queue. Limits are raised (both sides alike) so a thousand trackings import in seconds.
/// </summary>
public sealed class ImportRig : IAsyncDisposable
{
    public const int ListLimit = 40;

    private ImportRig(AfterShipSimulator simulator, QueueClient queue, QueueClient poison, Dictionary<string, string?> settings)
    {
        Simulator = simulator;
        Queue = queue;
        Poison = poison;
        Settings = settings;
    }

    public AfterShipSimulator Simulator { get; }

    public QueueClient Queue { get; }

    public QueueClient Poison { get; }

    /// <summary>What every app instance of this rig gets, the table prefix included, so a restarted app sees the same data.</summary>
    public Dictionary<string, string?> Settings { get; }

    public static async Task<ImportRig> StartAsync(int trackings, int deliveredEvery = 10)
    {
        var simulator = await AfterShipSimulator.StartAsync(new SimulatorOptions { ApiKey = TestApp.ApiKey, ListLimit = ListLimit });
        for (var i = 0; i < trackings; i++)
        {
            var tag = deliveredEvery > 0 && i % deliveredEvery == 0 ? "Delivered" : "InTransit";
            simulator.AddTracking("IMP" + i.ToString("D7", CultureInfo.InvariantCulture), i % 2 == 0 ? "ups" : "dhl", tag, checkpoints: 2);
        }

        var azurite = await Azurite.GetAsync();
        var name = "imp-" + Guid.NewGuid().ToString("N")[..16];
        var queue = new QueueClient(azurite.ConnectionString, name);
        var poison = new QueueClient(azurite.ConnectionString, name + "-poison");
        await queue.CreateAsync();
        await poison.CreateAsync();
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["ImportQueueName"] = name,
            ["Storage:TablePrefix"] = "t" + Guid.NewGuid().ToString("N")[..12],
            ["AfterShip:RateLimits:ListTrackings"] = ListLimit.ToString(CultureInfo.InvariantCulture),
        };
        return new ImportRig(simulator, queue, poison, settings);
    }

    public Task<TestApp> StartAppAsync(Action<IServiceCollection>? services = null)
        => TestApp.StartAsync(Simulator.BaseUrl, Settings, services: services);

    /// <summary>The Functions host's queue loop running <see cref="ContinueImport"/> in <paramref name="app"/>.</summary>
    public QueueTriggerHost Host(TestApp app)
        => new(Queue, Poison, (m, ct) => app.Create<ContinueImport>().RunAsync(m, ct));

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await Queue.DeleteIfExistsAsync();
        await Poison.DeleteIfExistsAsync();
    }
}
