using System.Diagnostics;
using AfterShip.Simulator;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.AfterShip;

/// <summary>
/// A fresh AfterShip simulator and the app's real DI over it. <see cref="Client"/> is the registered typed client, so
/// every call goes through the real resilience pipeline and the app's shared per-endpoint limiters.
/// </summary>
internal sealed class ClientHarness : IAsyncDisposable
{
    private ClientHarness(AfterShipSimulator simulator, SimulatorOptions simulatorOptions, TestApp app)
    {
        Simulator = simulator;
        SimulatorOptions = simulatorOptions;
        App = app;
        Client = app.Get<IAfterShipClient>();
    }

    public AfterShipSimulator Simulator { get; }

    /// <summary>The simulator's options; the key and limits are read per request, so a test may change them.</summary>
    public SimulatorOptions SimulatorOptions { get; }

    public TestApp App { get; }

    public IAfterShipClient Client { get; }

    public static async Task<ClientHarness> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var options = new SimulatorOptions { ApiKey = TestApp.ApiKey };
        var simulator = await AfterShipSimulator.StartAsync(options);
        try
        {
            var app = await TestApp.StartAsync(afterShipBaseUrl: simulator.BaseUrl, settings: settings);
            return new ClientHarness(simulator, options, app);
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>A tracking number no other test uses (the simulator accepts 4-100 of [A-Za-z0-9-._/]).</summary>
    public static string NewNumber() => "TN" + Guid.NewGuid().ToString("N")[..14].ToUpperInvariant();

    /// <summary>The request path the simulator records for a path relative to the API root.</summary>
    public static string PathOf(string relative) => "/tracking/2025-01/" + relative;

    /// <summary>
    /// Opens the client's connection with a call to another endpoint and forgets it, so that timings measured at the
    /// simulator do not include the first request's connection set-up.
    /// </summary>
    public async Task WarmUpAsync()
    {
        await Client.ListTrackingsAsync(new ListTrackingsQuery { Limit = 1 }, CancellationToken.None);
        Simulator.ClearRequests();
    }

    public IReadOnlyList<RecordedRequest> RequestsTo(string endpoint) => [.. Simulator.Requests.Where(r => r.Endpoint == endpoint)];

    /// <summary>Polls a condition that another party makes true (no fixed sleep); fails after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}.");
            }

            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
