namespace TrackingFunctions.Storage;

/// <summary>
/// Orders two states of one tracking: by AfterShip's <c>updated_at</c>, ties broken by checkpoint count. Tags are
/// not monotonic (Exception, then InTransit, then Delivered all happen), so they play no part.
/// </summary>
public readonly record struct TrackingVersion(DateTimeOffset? UpdatedAt, int CheckpointCount)
{
    /// <summary>True when a state with this version may replace one with <paramref name="stored"/>: it is not older.</summary>
    public bool MayReplace(TrackingVersion stored)
    {
        if (stored.UpdatedAt is not { } storedAt)
        {
            return UpdatedAt is not null || CheckpointCount >= stored.CheckpointCount;
        }

        if (UpdatedAt is not { } incomingAt)
        {
            return false;
        }

        return incomingAt > storedAt || (incomingAt == storedAt && CheckpointCount >= stored.CheckpointCount);
    }

    /// <summary>True when this version is strictly newer than <paramref name="stored"/>: the state really changed.</summary>
    public bool IsNewerThan(TrackingVersion stored)
        => MayReplace(stored) && this != stored;
}
