using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;

namespace TrackingFunctions.IntegrationTests.Changes;

public sealed class ChangeOrderingTests
{
    [Fact]
    public async Task Twenty_concurrent_webhooks_for_one_tracking_publish_strictly_increasing_sequences_ending_at_the_stored_state()
    {
        await using var app = await ChangeEventApp.StartAsync();
        var id = Guid.NewGuid().ToString("N");
        var bodies = Enumerable.Range(1, 20)
            .Select(v => WebhookBodies.Event(WebhookBodies.Tracking(id, checkpoints: v, updatedAt: WebhookBodies.BaseTime.AddMinutes(v)), eventId: $"evt-{v}"))
            .OrderBy(_ => Random.Shared.Next())
            .ToList();

        var statuses = await Task.WhenAll(bodies.Select(b => Task.Run(() => app.PostAsync(b))));

        Assert.All(statuses, s => Assert.Equal(200, s));
        var events = await app.ReceiveAllAsync();
        var sequences = events.Select(e => (string)e["sequence"]!).ToList();
        Assert.NotEmpty(sequences);
        Assert.Equal(sequences.Order(StringComparer.Ordinal), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        var counts = events.Select(e => (int)e["data"]!["current"]!["checkpoint_count"]!).ToList();
        Assert.Equal(counts.Order(), counts);

        var state = await app.App.Get<ITrackingStore>().GetAsync(id, CancellationToken.None);
        Assert.Equal(20, state!.CheckpointCount);
        Assert.Equal(state.ChangeSequence, long.Parse(sequences[^1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(state.ChangeSequence, sequences.Count);
        Assert.Equal(state.CheckpointCount, counts[^1]);
        Assert.Equal(state.UpdatedAt, (string?)events[^1]["data"]!["current"]!["updated_at"]);
        Assert.Equal(0, await app.OutboxRowsAsync(id));
    }
}
