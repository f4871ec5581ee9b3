namespace TrackingFunctions.Subscriptions;

/// <summary>
/// Sends a subscription the kept events of a time window again, dead letters included: each event gets a new round
/// on its delivery row (so messages of earlier rounds drop out) and a first attempt on the queue.
/// </summary>
public sealed class SubscriptionReplayer(WebhookLog log, AttemptScheduler queue)
{
    private const int Concurrency = 16;

    public async Task<int> ReplayAsync(Subscription subscription, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var events = new List<StoredEvent>();
        await foreach (var stored in log.EventsAsync(since, until, cancellationToken))
        {
            if (subscription.Wants(stored.EventType))
            {
                events.Add(stored);
            }
        }

        await Parallel.ForEachAsync(
            events,
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (stored, ct) =>
            {
                var round = await log.StartRoundAsync(subscription.Id, stored, ct);
                await queue.SendAsync(new DeliveryMessage(subscription.Id, stored.EventId, stored.EventPartition, stored.Day, stored.CommittedAt, round, 1), TimeSpan.Zero, ct);
            });
        return events.Count;
    }
}
