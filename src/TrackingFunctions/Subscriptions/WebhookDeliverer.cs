using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Subscriptions;

/// <summary>
/// Runs one queued attempt: claims it on the delivery row (so a duplicate message or another instance cannot send
/// it twice), sends it signed, records the result with the attempt's log row, and queues the next attempt hidden
/// for the schedule's wait. Storage failures escape, so the host retries the message.
/// </summary>
public sealed partial class WebhookDeliverer(
    SubscriptionCache cache,
    SubscriptionStore store,
    WebhookLog log,
    AttemptScheduler queue,
    WebhookSender sender,
    RetryPolicy retries,
    SubscriptionSlots slots,
    SubscriptionHealth health,
    SubscriptionMetrics metrics,
    IOptions<SubscriptionOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliverer> logger)
{
    /// <summary>How long a message stays hidden when its subscription's attempts here stayed busy past the slot wait.</summary>
    internal static readonly TimeSpan BusyDelay = TimeSpan.FromSeconds(1);

    public async Task DeliverAsync(DeliveryMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var subscription = await cache.FindAsync(message.SubscriptionId, cancellationToken) ?? await store.FindAsync(message.SubscriptionId, cancellationToken);
        if (subscription is null)
        {
            return; // Deleted: nothing to deliver to.
        }

        if (await log.FindDeliveryAsync(message.SubscriptionId, message.Day, message.EventId, cancellationToken) is not { } record || !IsMine(record, message))
        {
            LogDuplicate(logger, message.EventId, message.SubscriptionId, message.Attempt);
            return;
        }

        if (!subscription.Enabled)
        {
            await SkipAsync(record, message, "The subscription is disabled; enable it and replay to send this event.", cancellationToken);
            return;
        }

        if (!await slots.TryEnterAsync(subscription.Id, cancellationToken))
        {
            await queue.SendAsync(message, BusyDelay, cancellationToken);
            return;
        }

        try
        {
            await AttemptAsync(subscription, record, message, cancellationToken);
        }
        finally
        {
            slots.Exit(subscription.Id);
        }
    }

    private async Task AttemptAsync(Subscription subscription, DeliveryRecord record, DeliveryMessage message, CancellationToken cancellationToken)
    {
        if (await log.TryUpdateAsync(record, message.Round, message.Attempt, DeliveryState.InFlight, cancellationToken) is not { } claimed)
        {
            LogDuplicate(logger, message.EventId, message.SubscriptionId, message.Attempt);
            return;
        }

        var attemptedAt = time.GetUtcNow();
        var body = await log.ReadEventAsync(message.Day, message.EventPartition, message.EventId, cancellationToken);
        var result = body is null
            ? new SendResult(SendResult.Skipped, null, TimeSpan.Zero, "The event is no longer kept.")
            : await sender.SendAsync(subscription, message.EventId, body, cancellationToken);
        metrics.Attempt(result.Outcome);

        var next = result.IsSuccess || result.Outcome is SendResult.Gone or SendResult.Skipped ? null : retries.DelayAfter(message.Attempt, result.RetryAfter);
        if (next is { } delay)
        {
            // Queued before the result is recorded: a crash in between leaves a message whose claim still works.
            await queue.SendAsync(message.Next(), delay, cancellationToken);
        }

        var state = result.IsSuccess ? DeliveryState.Succeeded : next is null ? DeliveryState.Dead : DeliveryState.Retrying;
        var attempt = new DeliveryAttempt(message.EventId, record.EventType, message.Attempt, attemptedAt, result.StatusCode, (long)result.Duration.TotalMilliseconds, result.Outcome, result.Error);
        await log.RecordAsync(record, claimed, state, attempt, cancellationToken);
        if (state == DeliveryState.Dead)
        {
            metrics.DeadLettered();
        }

        if (result.IsSuccess && message.Round == 0)
        {
            metrics.Delivered(time.GetUtcNow() - message.CommittedAt);
        }

        LogAttempt(logger, message.EventId, subscription.Id, message.Attempt, result.Outcome, result.StatusCode);
        await health.RecordAsync(subscription, result, cancellationToken);
    }

    /// <summary>
    /// True when this message is the row's next attempt: same round, and either the attempt after the last claimed
    /// one, or the same attempt claimed by an instance that stopped before recording it.
    /// </summary>
    private bool IsMine(DeliveryRecord record, DeliveryMessage message)
    {
        if (record.Round != message.Round || record.State is DeliveryState.Succeeded or DeliveryState.Dead)
        {
            return false;
        }

        if (record.Attempt == message.Attempt - 1)
        {
            return true;
        }

        var stuckAfter = options.Value.AttemptTimeout + TimeSpan.FromMinutes(1);
        return record.Attempt == message.Attempt && record.State == DeliveryState.InFlight && record.AttemptStartedAt < time.GetUtcNow() - stuckAfter;
    }

    private async Task SkipAsync(DeliveryRecord record, DeliveryMessage message, string reason, CancellationToken cancellationToken)
    {
        if (await log.TryUpdateAsync(record, message.Round, message.Attempt, DeliveryState.InFlight, cancellationToken) is { } claimed)
        {
            var attempt = new DeliveryAttempt(message.EventId, record.EventType, message.Attempt, time.GetUtcNow(), null, 0, SendResult.Skipped, reason);
            await log.RecordAsync(record, claimed, DeliveryState.Dead, attempt, cancellationToken);
            metrics.DeadLettered();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook {EventId} to {SubscriptionId} attempt {Attempt} already taken; message dropped")]
    private static partial void LogDuplicate(ILogger logger, string eventId, string subscriptionId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {EventId} to {SubscriptionId} attempt {Attempt}: {Outcome} ({StatusCode})")]
    private static partial void LogAttempt(ILogger logger, string eventId, string subscriptionId, int attempt, string outcome, int? statusCode);
}
