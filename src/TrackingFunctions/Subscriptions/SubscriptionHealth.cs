using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Subscriptions;

/// <summary>
/// Keeps a subscription's failure streak after each attempt: the first failure starts it, a success ends it, a
/// streak as long as <see cref="SubscriptionOptions.DisableAfter"/> or a 410 disables the subscription.
/// </summary>
public sealed partial class SubscriptionHealth(SubscriptionStore store, SubscriptionCache cache, SubscriptionMetrics metrics, IOptions<SubscriptionOptions> options, TimeProvider time, ILogger<SubscriptionHealth> logger)
{
    public const string ReasonGone = "gone";
    public const string ReasonFailing = "failing";

    public async Task RecordAsync(Subscription subscription, SendResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(result);
        var now = time.GetUtcNow();
        if (result.IsSuccess)
        {
            if (subscription.FailingSince is not null)
            {
                await UpdateAsync(subscription.Id, s => s with { FailingSince = null }, cancellationToken);
            }

            return;
        }

        if (result.Outcome == SendResult.Gone)
        {
            await DisableAsync(subscription.Id, ReasonGone, "The receiver answered 410 Gone.", cancellationToken);
            return;
        }

        if (subscription.FailingSince is null)
        {
            await UpdateAsync(subscription.Id, s => s.FailingSince is null ? s with { FailingSince = now } : s, cancellationToken);
        }
        else if (now - subscription.FailingSince >= options.Value.DisableAfter)
        {
            await DisableAsync(subscription.Id, ReasonFailing, $"Every delivery failed since {subscription.FailingSince:O}.", cancellationToken);
        }
    }

    private async Task DisableAsync(string id, string reason, string detail, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await UpdateAsync(id, s => s.Enabled ? s with { Enabled = false, DisabledReason = reason + ": " + detail, DisabledAt = now } : s, cancellationToken))
        {
            metrics.Disabled(reason);
            LogDisabled(logger, id, reason);
        }
    }

    /// <summary>Reads the row fresh, applies the change, writes it back; true when something changed.</summary>
    private async Task<bool> UpdateAsync(string id, Func<Subscription, Subscription> change, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } current)
        {
            return false;
        }

        var changed = change(current);
        if (changed == current)
        {
            return false;
        }

        await store.ReplaceAsync(changed, cancellationToken);
        cache.Invalidate();
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId} disabled ({Reason})")]
    private static partial void LogDisabled(ILogger logger, string subscriptionId, string reason);
}
