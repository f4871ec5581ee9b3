using TrackingFunctions.Commands;
using TrackingFunctions.IntegrationTests.Commands;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;
using Xunit.Abstractions;

namespace TrackingFunctions.IntegrationTests.Faults;

/// <summary>Storage stops in the middle of a run and comes back: nothing acknowledged is lost, nothing regresses.</summary>
public sealed class StorageOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RestartableAzurite? _storage;

    public async Task InitializeAsync() => _storage = await RestartableAzurite.StartAsync(tablesOnly: true);

    public async Task DisposeAsync()
    {
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }
    }

    [Fact]
    public async Task Webhooks_acknowledged_before_and_after_an_outage_are_all_stored_and_none_regress()
    {
        await using var app = await TestApp.StartAsync(tablesConnectionString: _storage!.ConnectionString);
        var deliveries = new WebhookDeliveries(trackings: 8, versions: 5, seed: 11);
        var stopped = 0;
        var restarted = 0;

        // Storage goes down after 15 acknowledgements and comes back after 8 refusals, while deliveries go on.
        await deliveries.DeliverPassAsync(app, concurrency: 4, async d =>
        {
            if (d.Acknowledged.Count >= 15 && Interlocked.Exchange(ref stopped, 1) == 0)
            {
                await _storage.StopAsync();
            }
            else if (d.Refused >= 8 && Interlocked.Exchange(ref restarted, 1) == 0)
            {
                await _storage!.RestartAsync();
            }
        });
        var refusedDuringOutage = deliveries.Refused;
        for (var pass = 0; pass < 5 && deliveries.Pending.Count > 0; pass++)
        {
            await deliveries.DeliverPassAsync(app, concurrency: 4);
        }

        output.WriteLine($"{deliveries.Deliveries} deliveries of {deliveries.UniqueEvents} events; {deliveries.Attempts} attempts; {refusedDuringOutage} answered 503 during the outage and delivered again");
        Assert.True(refusedDuringOutage > 0, "the outage should have refused some deliveries");
        Assert.Empty(deliveries.Pending);
        await AssertStoredAndNewestAsync(app, deliveries);
    }

    [Fact]
    public async Task Commands_caught_by_an_outage_are_retried_by_the_queue_and_all_succeed_once()
    {
        // The queue lives on the shared Azurite; only the app's tables go down.
        await using var f = await CommandFixture.StartAsync(tablesConnectionString: _storage!.ConnectionString);
        var ids = Enumerable.Range(0, 30).Select(i => $"outage-{i:D2}").ToList();
        foreach (var id in ids)
        {
            await f.Queues.SendAsync($$$"""{"action":"create","request_id":"{{{id}}}","tracking":{"tracking_number":"OUT{{{Guid.NewGuid().ToString("N")[..10].ToUpperInvariant()}}}","slug":"ups"}}""");
        }

        var processed = 0;
        var host = new QueueTriggerHost(
            f.Queues.Queue,
            f.Queues.Poison,
            async (m, ct) =>
            {
                if (Interlocked.Increment(ref processed) == 10)
                {
                    await _storage.StopAsync();
                }

                await f.App.Create<TrackingFunctions.Functions.ProcessTrackingCommand>().RunAsync(m, ct);
            },
            holdFailures: true);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await host.DrainAsync();
        output.WriteLine($"first pass {clock.Elapsed.TotalSeconds:F1} s");
        await _storage!.RestartAsync();
        output.WriteLine($"restarted {clock.Elapsed.TotalSeconds:F1} s");

        // The host retries a failed message after visibilityTimeout, up to maxDequeueCount times: a message that
        // fails again just after the restart (storage still warming up) gets its next try too.
        for (var round = 0; round < 3; round++)
        {
            await host.ReleaseHeldAsync();
            await host.DrainAsync();
        }

        output.WriteLine($"second pass {clock.Elapsed.TotalSeconds:F1} s");

        var outcomes = await Task.WhenAll(ids.Select(f.OutcomeAsync));
        output.WriteLine($"30 commands; {host.Invocations} invocations; {host.Failures} failed during the outage and were retried; {host.Poisoned} poisoned; {f.Simulator.Requests.Count(r => r.Endpoint == "POST /trackings")} creates sent");
        foreach (var error in host.Errors.Take(40))
        {
            output.WriteLine("  " + error);
        }

        for (var i = 0; i < ids.Count; i++)
        {
            if (outcomes[i]?.Status != CommandStatus.Succeeded)
            {
                output.WriteLine($"  {ids[i]}: {outcomes[i]?.Status ?? "no outcome"} {outcomes[i]?.Reason}");
            }
        }

        Assert.True(host.Failures > 0, "the outage should have failed some invocations");
        Assert.All(outcomes, o => Assert.Equal(CommandStatus.Succeeded, o?.Status));
        Assert.Equal(0, host.Poisoned);
        Assert.Equal(30, f.Simulator.Trackings.Count);
    }

    internal static async Task AssertStoredAndNewestAsync(TestApp app, WebhookDeliveries deliveries)
    {
        var store = app.Get<ITrackingStore>();
        foreach (var tracking in deliveries.ByTracking)
        {
            var state = await store.GetAsync(tracking.Key, CancellationToken.None);
            var newest = tracking.MaxBy(e => e.Version);
            Assert.Equal(newest.Version, state!.CheckpointCount);
            Assert.Equal(newest.EventId, state.LastEventId);
            var events = await store.ListEventsAsync(tracking.Key, 100, null, CancellationToken.None);
            Assert.Equal(tracking.Select(e => e.EventId).Order(), events.Events.Select(e => e.EventId).Order());
        }

        var stored = new HashSet<string>(deliveries.ByTracking.SelectMany(t => t.Select(e => e.EventId)));
        Assert.All(deliveries.Acknowledged, id => Assert.Contains(id, stored));
    }
}
