using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Changes;

/// <summary>
/// Decides whether a state write changes something a shopper or an order system cares about, and which event
/// type announces it. Everything else a write can change (titles, notes, timestamps alone) publishes nothing.
/// </summary>
internal static class ChangeDetector
{
    /// <summary>The kinds of change, in no particular order; empty when the write is not worth an event.</summary>
    public static IReadOnlyList<string> Detect(StoredTracking? stored, Tracking incoming, TrackingFacts facts, string? lifecycle)
    {
        var kinds = new List<string>(3);
        if (lifecycle == TrackingLifecycle.Deleted && stored?.Lifecycle != TrackingLifecycle.Deleted)
        {
            kinds.Add(ChangeKinds.Deleted);
        }

        if (lifecycle == TrackingLifecycle.Completed && stored?.Lifecycle is null)
        {
            kinds.Add(ChangeKinds.Completed);
        }

        if (stored is null)
        {
            kinds.Add(ChangeKinds.Created);
            return kinds;
        }

        if (!string.Equals(stored.Tag, incoming.Tag, StringComparison.Ordinal) || !string.Equals(stored.Subtag, incoming.Subtag, StringComparison.Ordinal))
        {
            kinds.Add(ChangeKinds.Status);
        }

        if (incoming.CheckpointCount > stored.CheckpointCount)
        {
            kinds.Add(ChangeKinds.Checkpoints);
        }

        // A state stored before change events existed has no estimates column: unknown, not "none", so no event.
        if (stored.Estimates is not null && !string.Equals(stored.Estimates, facts.Estimates, StringComparison.Ordinal))
        {
            kinds.Add(ChangeKinds.Estimate);
        }

        if (stored.Active == true && incoming.Active == false)
        {
            kinds.Add(ChangeKinds.Inactive);
        }

        return kinds;
    }

    /// <summary>The event type for a set of changes: the most significant one.</summary>
    public static string TypeOf(IReadOnlyList<string> kinds, StoredTracking? stored, Tracking incoming)
    {
        if (kinds.Contains(ChangeKinds.Deleted))
        {
            return ChangeEventTypes.Deleted;
        }

        if (kinds.Contains(ChangeKinds.Completed))
        {
            return ChangeEventTypes.Completed;
        }

        if (kinds.Contains(ChangeKinds.Created))
        {
            return ChangeEventTypes.Created;
        }

        if (kinds.Contains(ChangeKinds.Status))
        {
            var tagChanged = !string.Equals(stored?.Tag, incoming.Tag, StringComparison.Ordinal);
            return tagChanged && incoming.Tag == TrackingTags.Delivered ? ChangeEventTypes.Delivered
                : tagChanged && incoming.Tag == TrackingTags.Exception ? ChangeEventTypes.Exception
                : ChangeEventTypes.StatusChanged;
        }

        return kinds.Contains(ChangeKinds.Inactive) ? ChangeEventTypes.Inactive
            : kinds.Contains(ChangeKinds.Estimate) ? ChangeEventTypes.EstimateChanged
            : ChangeEventTypes.CheckpointAdded;
    }
}
