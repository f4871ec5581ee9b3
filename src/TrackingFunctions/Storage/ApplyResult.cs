namespace TrackingFunctions.Storage;

/// <summary>What a write of a tracking state did.</summary>
public enum ApplyOutcome
{
    /// <summary>The state was written: it was new, newer than, or as new as the stored one.</summary>
    Applied,

    /// <summary>The stored state is newer; only the event (if any) was kept, as history.</summary>
    Stale,

    /// <summary>The webhook event id was stored before; nothing changed.</summary>
    Duplicate,
}

/// <summary>The outcome of a write and whether it moved the tracking to a strictly newer version.</summary>
public sealed record ApplyResult(ApplyOutcome Outcome, bool Changed, StoredTracking? State);
