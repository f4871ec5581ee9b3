namespace TrackingFunctions.Webhooks;

/// <summary>What happened to one webhook delivery; the HTTP function turns it into a status code.</summary>
public enum WebhookReceipt
{
    /// <summary>Stored, and the tracking's state moved to it.</summary>
    Stored,

    /// <summary>Stored as history; the tracking already had a newer state.</summary>
    StoredStale,

    /// <summary>This event id was stored before.</summary>
    Duplicate,

    /// <summary>Signed but unreadable; kept in the quarantine table.</summary>
    Quarantined,

    /// <summary>Missing, malformed or wrong signature; nothing stored.</summary>
    Unauthorized,

    /// <summary>Over the size cap; nothing read past the cap, nothing stored.</summary>
    TooLarge,

    /// <summary>Storage failed; nothing acknowledged, AfterShip should retry.</summary>
    StorageUnavailable,
}
