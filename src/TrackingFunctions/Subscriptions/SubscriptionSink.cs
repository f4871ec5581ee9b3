using TrackingFunctions.Changes;

namespace TrackingFunctions.Subscriptions;

/// <summary>
/// The outbox's sink for signed webhooks: keeps the event (for delivery and replay) and, per enabled subscription
/// that wants its type, adds a delivery row and queues the first attempt. A repeat of the event finds the rows
/// and queues nothing, unless the first hand-over stopped between its row and its message.
/// </summary>
public sealed class SubscriptionSink(SubscriptionCache subscriptions, WebhookLog log, AttemptScheduler queue) : IChangeEventSink
{
    public string Name => "subscriptions";

    public async Task AcceptAsync(OutboxEvent change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var wanting = (await subscriptions.GetAllAsync(cancellationToken)).Where(s => s.Wants(change.EventType)).ToList();
        if (wanting.Count == 0)
        {
            return;
        }

        // Kept even when every wanting subscription is disabled, so enabling one and replaying finds it.
        await log.StoreEventAsync(change, cancellationToken);
        await Task.WhenAll(wanting.Where(s => s.Enabled).Select(s => EnqueueAsync(s, change, cancellationToken)));
    }

    private async Task EnqueueAsync(Subscription subscription, OutboxEvent change, CancellationToken cancellationToken)
    {
        var day = WebhookLog.DayOf(change.CommittedAt);
        if (!await log.AddDeliveryAsync(subscription.Id, change, cancellationToken))
        {
            // Seen before. Queue again only if no attempt has started: the earlier hand-over may have stopped
            // before its message; if it did not, the attempt's claim drops the extra message.
            var existing = await log.FindDeliveryAsync(subscription.Id, day, change.EventId, cancellationToken);
            if (existing is not { Round: 0, Attempt: 0, State: DeliveryState.Pending })
            {
                return;
            }
        }

        await queue.SendAsync(new DeliveryMessage(subscription.Id, change.EventId, change.PartitionKey, day, change.CommittedAt, 0, 1), TimeSpan.Zero, cancellationToken);
    }
}
