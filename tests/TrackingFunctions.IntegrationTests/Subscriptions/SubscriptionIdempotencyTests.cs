using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Mvc;
using TrackingFunctions.Functions;

namespace TrackingFunctions.IntegrationTests.Subscriptions;

/// <summary>Duplicate queue messages and deleted subscriptions.</summary>
public sealed class SubscriptionIdempotencyTests
{
    [Fact]
    public async Task The_same_attempt_message_run_three_times_at_once_is_sent_once()
    {
        await using var rig = await SubscriptionRig.StartAsync(instances: 1);
        await rig.DisposeWorkersAsync();
        await rig.SubscribeAsync("once");
        await rig.ChangeAsync();
        await rig.PublishedAsync();
        QueueMessage message = Assert.Single((await rig.Queue.ReceiveMessagesAsync(32)).Value);

        // As if the message had been handed out three times (an expired visibility, a re-queued duplicate).
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => rig.App.Create<DeliverWebhook>().RunAsync(message, CancellationToken.None))));

        Assert.Single(rig.Receiver.At("once"));
    }

    [Fact]
    public async Task A_deleted_subscription_gets_nothing_more_and_the_list_masks_every_secret()
    {
        await using var rig = await SubscriptionRig.StartAsync();
        var (gone, _) = await rig.SubscribeAsync("deleted");
        var (kept, secret) = await rig.SubscribeAsync("kept");

        var deleted = await rig.App.Create<SubscriptionsApi>().DeleteAsync(Harness.HttpRequests.Get(), gone, CancellationToken.None);
        var again = await rig.App.Create<SubscriptionsApi>().DeleteAsync(Harness.HttpRequests.Get(), gone, CancellationToken.None);
        await rig.ChangeAsync();
        await rig.Receiver.WaitForAsync(r => r.Count >= 1);
        await rig.SettledAsync();
        var (_, list) = SubscriptionRig.Api.Read(await rig.App.Create<SubscriptionsApi>().ListAsync(Harness.HttpRequests.Get(), CancellationToken.None));

        Assert.IsType<NoContentResult>(deleted);
        Assert.Equal(404, ((ObjectResult)again).StatusCode);
        Assert.Empty(rig.Receiver.At("deleted"));
        Assert.Single(rig.Receiver.At("kept"));
        var only = Assert.Single(list["subscriptions"]!.AsArray());
        Assert.Equal(kept, (string?)only!["id"]);
        Assert.DoesNotContain(secret, only.ToJsonString(), StringComparison.Ordinal);
    }
}
