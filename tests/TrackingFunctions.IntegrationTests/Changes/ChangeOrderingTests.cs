using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using TrackingFunctions.Changes;
using TrackingFunctions.Functions;
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

    [Fact]
    public async Task Webhooks_for_one_tracking_spread_over_three_instances_give_each_sequence_once_after_dedupe_and_in_step_with_the_state()
    {
        // Three app instances (separate service providers, each with its own publisher) over one set of tables and
        // one change queue: the queue does not keep order across senders, so consumers order by sequence and dedupe by id.
        await using var first = await ChangeEventApp.StartAsync();
        var shared = new Dictionary<string, string?>
        {
            ["Storage:TablePrefix"] = first.App.TablePrefix,
            ["ChangeEvents:QueueName"] = first.Queue.Name,
        };
        await using var second = await TestApp.StartAsync(settings: shared);
        await using var third = await TestApp.StartAsync(settings: shared);
        TestApp[] instances = [first.App, second, third];
        var id = Guid.NewGuid().ToString("N");
        var bodies = Enumerable.Range(1, 21)
            .Select(v => WebhookBodies.Event(WebhookBodies.Tracking(id, checkpoints: v, updatedAt: WebhookBodies.BaseTime.AddMinutes(v)), eventId: $"evt-{v}"))
            .OrderBy(_ => Random.Shared.Next())
            .ToList();

        var statuses = await Task.WhenAll(bodies.Select((b, i) => Task.Run(async () =>
        {
            var result = await instances[i % 3].Create<ReceiveAfterShipWebhook>().RunAsync(HttpRequests.Post(b, WebhookBodies.Headers(b)), CancellationToken.None);
            return ((ObjectResult)result).StatusCode ?? 200;
        })));
        foreach (var instance in instances)
        {
            await instance.Get<ChangeDispatcher>().WhenIdleAsync(CancellationToken.None);
        }

        Assert.All(statuses, s => Assert.Equal(200, s));
        var byId = (await first.ReceiveAllAsync()).GroupBy(e => (string)e["id"]!).ToList();
        Assert.All(byId, g => Assert.Single(g.Select(e => e.ToJsonString()).Distinct()));
        var events = byId.Select(g => g.First()).OrderBy(e => (string)e["sequence"]!, StringComparer.Ordinal).ToList();
        var sequences = events.Select(e => long.Parse((string)e["sequence"]!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(n => (long)n), sequences);
        var counts = events.Select(e => (int)e["data"]!["current"]!["checkpoint_count"]!).ToList();
        Assert.Equal(counts.Order(), counts);
        Assert.Equal(counts.Count, counts.Distinct().Count());

        var state = await first.App.Get<ITrackingStore>().GetAsync(id, CancellationToken.None);
        Assert.Equal(21, state!.CheckpointCount);
        Assert.Equal(state.ChangeSequence, sequences[^1]);
        Assert.Equal(state.CheckpointCount, counts[^1]);
        Assert.Equal(0, await first.OutboxRowsAsync(id));
    }
}
