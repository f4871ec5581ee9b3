namespace TrackingFunctions.Storage;

/// <summary>The tables the app uses (before the configured prefix).</summary>
public static class TableNames
{
    /// <summary>Per tracking (partition = tracking id): its current state, its webhook events and their markers.</summary>
    public const string Trackings = "Trackings";

    /// <summary>slug + tracking number to tracking id.</summary>
    public const string TrackingLookup = "TrackingLookup";

    /// <summary>Tracking number to slug and id (partition = the upper-case number): a search without a courier is one read.</summary>
    public const string TrackingNumbers = "TrackingNumbers";

    /// <summary>Order lookup: keyed hashes of order number, emails and postcode to slug and number, one row per tracking.</summary>
    public const string OrderIndex = "OrderIndex";

    /// <summary>The refresh job's due index, ordered by next refresh time.</summary>
    public const string RefreshSchedule = "RefreshSchedule";

    /// <summary>Signed webhook bodies that could not be read as an AfterShip event.</summary>
    public const string WebhookQuarantine = "WebhookQuarantine";

    /// <summary>The outcome of every tracking command, by request id.</summary>
    public const string CommandOutcomes = "CommandOutcomes";

    /// <summary>Poison queue messages, kept beyond the queue's 7-day expiry.</summary>
    public const string DeadLetters = "DeadLetters";

    /// <summary>
    /// Claims on the shared AfterShip rate budget; one table per UTC day (this name + <c>yyyyMMdd</c>), so a day's
    /// claims are dropped with one table delete two days later.
    /// </summary>
    public const string RateBudget = "RateBudget";

    /// <summary>The courier directory: every AfterShip courier with its name, website and required fields.</summary>
    public const string Couriers = "Couriers";
}
