namespace TrackingFunctions.Subscriptions;

/// <summary>The tables of the signed-webhook subscriptions (before the configured prefix).</summary>
public static class SubscriptionTables
{
    /// <summary>One row per subscription, in one partition: the list is read whole and cached.</summary>
    public const string Subscriptions = "Subscriptions";

    /// <summary>
    /// The day's webhook log, one table per UTC day of the event's commit (this name + <c>yyyyMMdd</c>), dropped
    /// whole once older than the retention: the events (partition <c>e_</c> + tracking) kept for delivery and replay,
    /// and per subscription (partition <c>s_</c> + id) one row per event's delivery and one per attempt.
    /// </summary>
    public const string LogPrefix = "WebhookLog";
}
