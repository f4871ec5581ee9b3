using System.Globalization;
using TrackingFunctions.IntegrationTests.Changes;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;
using Xunit.Abstractions;

namespace TrackingFunctions.IntegrationTests.Faults;

/// <summary>
/// Storage (tables and the change queue alike) stops in the middle of a run and comes back: every committed change
/// ends up with exactly one event (after deduping by id), and no event exists for a change that was not committed.
/// </summary>
public sealed class ChangeEventOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RestartableAzurite? _storage;

    public async Task InitializeAsync() => _storage = await RestartableAzurite.StartAsync();

    public async Task DisposeAsync()
    {
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }
    }

    [Fact]
    public async Task Outage_and_restart_mid_run_leave_no_change_without_its_event_and_no_event_without_its_change()
    {
        var settings = new Dictionary<string, string?> { ["ChangeEvents:SweepGracePeriod"] = "00:00:00" };
        await using var app = await ChangeEventApp.StartAsync(settings, tablesConnectionString: _storage!.ConnectionString);
        var deliveries = new WebhookDeliveries(trackings: 6, versions: 5, seed: 23);
        var stopped = 0;
        var restarted = 0;

        await deliveries.DeliverPassAsync(app.App, concurrency: 4, async d =>
        {
            if (d.Acknowledged.Count >= 12 && Interlocked.Exchange(ref stopped, 1) == 0)
            {
                await _storage.StopAsync();
            }
            else if (d.Refused >= 6 && Interlocked.Exchange(ref restarted, 1) == 0)
            {
                await _storage.RestartAsync();
            }
        });
        var refused = deliveries.Refused;
        for (var pass = 0; pass < 5 && deliveries.Pending.Count > 0; pass++)
        {
            await deliveries.DeliverPassAsync(app.App, concurrency: 4);
        }

        Assert.True(refused > 0, "the outage should have refused some deliveries");
        Assert.Empty(deliveries.Pending);
        await app.PublishedAsync();
        var swept = await SweepUntilEmptyAsync(app);
        var events = await app.ReceiveAllAsync();
        output.WriteLine($"{deliveries.Attempts} deliveries, {refused} refused during the outage; sweep sent {swept}; {events.Count} messages received");

        var store = app.App.Get<ITrackingStore>();
        foreach (var tracking in deliveries.ByTracking)
        {
            var state = await store.GetAsync(tracking.Key, CancellationToken.None);
            var mine = events.Where(e => (string?)e["subject"] == tracking.Key)
                .DistinctBy(e => (string)e["id"]!)
                .OrderBy(e => (string)e["sequence"]!, StringComparer.Ordinal)
                .ToList();

            // Contiguous from 1 to the stored sequence: no committed change is missing its event, and no event
            // announces a change beyond what was committed.
            var expected = Enumerable.Range(1, (int)state!.ChangeSequence).Select(s => s.ToString("D12", CultureInfo.InvariantCulture));
            Assert.Equal(expected, mine.Select(e => (string)e["sequence"]!));
            var counts = mine.Select(e => (int)e["data"]!["current"]!["checkpoint_count"]!).ToList();
            Assert.Equal(counts.Distinct().Order(), counts);
            Assert.Equal(state.CheckpointCount, counts[^1]);
            Assert.Equal(0, await app.OutboxRowsAsync(tracking.Key));
        }
    }

    private static async Task<int> SweepUntilEmptyAsync(ChangeEventApp app)
    {
        // Storage may still be warming up after the restart; the timer would simply try again on its next tick.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await app.SweepAsync();
            }
            catch (StorageUnavailableException) when (attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }
}
