using TrackingFunctions.IntegrationTests.Harness;
using Xunit.Abstractions;

namespace TrackingFunctions.IntegrationTests.Faults;

/// <summary>AfterShip promises neither order nor single delivery: duplicates and reordering must converge.</summary>
public sealed class DeliveryOrderTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Shuffled_duplicated_concurrent_deliveries_store_every_event_once_and_end_in_the_newest_state(int seed)
    {
        await using var app = await TestApp.StartAsync();
        var deliveries = new WebhookDeliveries(trackings: 6, versions: 6, seed: seed);

        await deliveries.DeliverPassAsync(app, concurrency: 8);

        output.WriteLine($"seed {seed}: {deliveries.Deliveries} deliveries of {deliveries.UniqueEvents} events, {deliveries.Refused} refused");
        Assert.Equal(0, deliveries.Refused);
        await StorageOutageTests.AssertStoredAndNewestAsync(app, deliveries);
    }

    [Fact]
    public async Task Every_order_of_three_versions_ends_in_the_newest()
    {
        int[][] orders = [[1, 2, 3], [1, 3, 2], [2, 1, 3], [2, 3, 1], [3, 1, 2], [3, 2, 1]];
        await using var app = await TestApp.StartAsync();
        var store = app.Get<TrackingFunctions.Storage.ITrackingStore>();

        foreach (var order in orders)
        {
            var id = "perm-" + string.Concat(order) + "-" + Guid.NewGuid().ToString("N")[..6];
            foreach (var version in order)
            {
                var body = WebhookBodies.Event(WebhookBodies.Tracking(id, checkpoints: version, updatedAt: WebhookBodies.BaseTime.AddMinutes(version)), eventId: $"{id}-{version}");
                await app.Create<TrackingFunctions.Functions.ReceiveAfterShipWebhook>().RunAsync(HttpRequests.Post(body, WebhookBodies.Headers(body)), CancellationToken.None);
            }

            var state = await store.GetAsync(id, CancellationToken.None);
            Assert.Equal(3, state!.CheckpointCount);
            Assert.Equal($"{id}-3", state.LastEventId);
        }
    }
}
