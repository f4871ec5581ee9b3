using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using TrackingFunctions.Changes;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Changes;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;

namespace TrackingFunctions.IntegrationTests.Import;

/// <summary>
/// An import is the biggest burst of change events: one per tracking, as fast as storage takes the writes. The
/// publisher keeps a bounded backlog in memory and leaves the rest in the outbox for the sweep.
/// </summary>
[Collection(RateSensitive.Name)]
public sealed class ImportChangeEventTests
{
    private const int Count = 1_500;
    private const int Backlog = 50;
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Import_of_1500_with_a_crash_and_a_bounded_backlog_publishes_every_tracking_s_events_contiguously_once_the_sweep_ran()
    {
        await using var rig = await ImportRig.StartAsync(Count);
        var azurite = await Azurite.GetAsync();
        var changes = new QueueClient(azurite.ConnectionString, "chg-" + Guid.NewGuid().ToString("N")[..16]);
        rig.Settings["ChangeEvents:QueueName"] = changes.Name;
        rig.Settings["ChangeEvents:SweepGracePeriod"] = "00:00:00";
        var limits = new ChangeDispatchLimits { MaxBacklog = Backlog, MaxConcurrentTrackings = 4 };
        try
        {
            // First instance: dies in the fourth page, with publishes of its last commits still in its memory.
            int firstPeak;
            await using (var first = await rig.StartAppAsync(services =>
            {
                services.AddSingleton(limits);
                services.AddSingleton(sp => CrashingTrackingStore.Wrap(ActivatorUtilities.CreateInstance<TrackingStore>(sp), crashAt: (3 * 200) + 50));
            }))
            {
                await first.Create<ImportApi>().StartAsync(HttpRequests.Post(Encoding.UTF8.GetBytes("{}")), None);
                var message = (await rig.Queue.ReceiveMessageAsync(TimeSpan.FromMinutes(5))).Value;
                await Assert.ThrowsAsync<InvalidOperationException>(() => first.Create<ContinueImport>().RunAsync(message, None));
                firstPeak = first.Get<ChangeDispatcher>().PeakBacklog;
                await rig.Queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
            }

            // Second instance: its publishing is held for the whole import, so every commit past the bound finds the
            // backlog full: deterministically more commits than the bound are left to the sweep.
            await using var second = await rig.StartAppAsync(services => services.AddSingleton(limits));
            var dispatcher = second.Get<ChangeDispatcher>();
            using (await ChangePublishingHold.StartAsync(second))
            {
                await rig.Host(second).DrainAsync();
                Assert.Equal(Backlog, dispatcher.Backlog);
            }

            await dispatcher.WhenIdleAsync(None);
            Assert.True(dispatcher.LeftToSweep > Count / 2, $"{dispatcher.LeftToSweep} commits left to the sweep");
            Assert.InRange(firstPeak, 1, Backlog);
            Assert.InRange(dispatcher.PeakBacklog, 1, Backlog);

            await second.Get<ChangeOutboxSweeper>().SweepAsync(None);
            Assert.Equal(0, await OutboxRowsAsync(second));

            var states = await StatesAsync(second);
            Assert.Equal(Count, states.Count);
            var events = await ChangeEventApp.ReceiveAllAsync(changes);
            var byTracking = events
                .GroupBy(e => (string)e["id"]!, StringComparer.Ordinal)
                .Select(g => g.First())
                .GroupBy(e => ((string)e["id"]!).Split(':')[0], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(Sequence).Order().ToList(), StringComparer.Ordinal);
            Assert.Equal(Count, byTracking.Count);
            Assert.All(states, s => Assert.Equal(
                Enumerable.Range(1, (int)s.ChangeSequence).Select(n => (long)n),
                byTracking[s.Id]));
        }
        finally
        {
            await changes.DeleteIfExistsAsync();
        }
    }

    private static long Sequence(JsonObject cloudEvent) => long.Parse((string)cloudEvent["sequence"]!, CultureInfo.InvariantCulture);

    private static async Task<List<StoredTracking>> StatesAsync(TestApp app)
    {
        var table = await app.Get<TrackingTables>().GetAsync(TableNames.Trackings, None);
        var states = new List<StoredTracking>();
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.RowKey == StateColumns.RowKey))
        {
            states.Add(StoredTracking.FromEntity(row));
        }

        return states;
    }

    private static async Task<int> OutboxRowsAsync(TestApp app)
    {
        var table = await app.Get<TrackingTables>().GetAsync(TableNames.Trackings, None);
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(OutboxRows.CommittedBefore(DateTimeOffset.UtcNow.AddDays(1)), select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }
}
