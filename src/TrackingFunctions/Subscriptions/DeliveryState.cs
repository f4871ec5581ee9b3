namespace TrackingFunctions.Subscriptions;

/// <summary>Where one event's delivery to one subscription stands.</summary>
public static class DeliveryState
{
    /// <summary>Queued, not yet attempted in this round.</summary>
    public const string Pending = "pending";

    /// <summary>An attempt is running (claimed by one instance).</summary>
    public const string InFlight = "in_flight";

    /// <summary>An attempt failed; the next one is queued.</summary>
    public const string Retrying = "retrying";

    public const string Succeeded = "succeeded";

    /// <summary>Every attempt failed, or the subscription was disabled: kept for replay.</summary>
    public const string Dead = "dead";
}
