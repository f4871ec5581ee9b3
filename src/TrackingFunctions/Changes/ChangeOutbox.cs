using Azure.Data.Tables;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Changes;

/// <summary>
/// The outbox step of a state commit: carries the change columns (sequence, estimates, lifecycle) into the new
/// state and, when the write changes something worth announcing, adds the event's outbox row to the same
/// transaction. The state update is conditional on the ETag read, so concurrent writers to one tracking are
/// serialized and each sequence number is taken by exactly one committed change.
/// </summary>
public sealed class ChangeOutbox(ChangeEventFactory factory)
{
    /// <summary>Sets the change columns on <paramref name="state"/>; returns the outbox row to commit with it, if any.</summary>
    internal TableEntity? Plan(TrackingWrite write, StoredTracking? stored, TableEntity state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(state);
        var facts = TrackingFacts.Read(write.Payload);
        var sequence = stored?.ChangeSequence ?? 0;
        state[StateColumns.Estimates] = facts.Estimates;
        state[StateColumns.Lifecycle] = write.Lifecycle ?? stored?.Lifecycle;
        state[StateColumns.ChangeSequence] = sequence;

        var kinds = ChangeDetector.Detect(stored, write.Tracking, facts, write.Lifecycle);
        if (kinds.Count == 0)
        {
            return null;
        }

        sequence++;
        state[StateColumns.ChangeSequence] = sequence;
        var type = ChangeDetector.TypeOf(kinds, stored, write.Tracking);
        var cloudEvent = factory.Create(new ChangeFacts(stored, write.Tracking, facts, kinds, type, write.Source, sequence, now));
        return OutboxRows.Create(write.PartitionKey, sequence, ChangeEventFactory.EventId(write.Tracking.Id!, sequence), type, now, cloudEvent);
    }
}
