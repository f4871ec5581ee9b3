using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.Storage;

/// <summary>
/// The never-regress rule applied to one read of the stored state: whether the incoming state may replace it
/// (<see cref="Apply"/>) and whether it is strictly newer (<see cref="Changed"/>).
/// </summary>
internal readonly record struct WriteDecision(StoredTracking? Stored, bool Apply, bool Changed)
{
    public static WriteDecision Decide(StoredTracking? stored, TrackingVersion incoming)
        => new(stored, stored is null || incoming.MayReplace(stored.Version), stored is null || incoming.IsNewerThan(stored.Version));

    /// <summary>A refresh that found the same version: at most the schedule moves.</summary>
    public bool IsUnchangedRefresh(TrackingWrite write)
        => write.IsRefresh && write.WebhookEvent is null && Stored is not null && Apply && !Changed;

    /// <summary>The columns a refresh that found the same version could change; if any differs, the state is replaced.</summary>
    public static bool SameData(StoredTracking stored, Tracking tracking)
        => string.Equals(stored.Tag, tracking.Tag, StringComparison.Ordinal)
           && string.Equals(stored.Subtag, tracking.Subtag, StringComparison.Ordinal)
           && stored.Active == tracking.Active
           && string.Equals(stored.Slug, tracking.Slug, StringComparison.Ordinal)
           && string.Equals(stored.TrackingNumber, tracking.TrackingNumber, StringComparison.Ordinal);
}
