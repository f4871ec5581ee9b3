using Azure.Data.Tables;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Changes;

/// <summary>
/// Outbox rows live in the tracking's own partition of the Trackings table, so each commits in the same
/// entity-group transaction as the state it announces. The row key carries the sequence, so a partition range
/// query returns a tracking's unpublished events in order.
/// </summary>
internal static class OutboxRows
{
    public const string Prefix = "outbox|";

    /// <summary>The first character after '|', so [Prefix, RangeEnd) covers every outbox row.</summary>
    public const string RangeEnd = "outbox}";

    public const string EventId = "EventId";
    public const string EventType = "EventType";
    public const string Sequence = "Sequence";
    public const string CommittedAt = "CommittedAt";

    public static string RowKey(long sequence) => Prefix + ChangeEventFactory.FormatSequence(sequence);

    public static TableEntity Create(string partitionKey, long sequence, string eventId, string eventType, DateTimeOffset committedAt, byte[] cloudEvent)
    {
        var entity = new TableEntity(partitionKey, RowKey(sequence))
        {
            [EventId] = eventId,
            [EventType] = eventType,
            [Sequence] = sequence,
            [CommittedAt] = committedAt,
        };
        PayloadColumns.Write(entity, cloudEvent);
        return entity;
    }

    public static string InPartition(string partitionKey)
        => TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {Prefix} and RowKey lt {RangeEnd}");

    public static string CommittedBefore(DateTimeOffset cutoff)
        => TableClient.CreateQueryFilter($"RowKey ge {Prefix} and RowKey lt {RangeEnd} and CommittedAt le {cutoff}");
}
