using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Changes;

/// <summary>
/// Publishes a tracking's outbox rows in sequence order: hand the stored CloudEvent to every sink (the change queue
/// first), then delete the row. A crash between the two re-sends the same event (same id) later, which is why
/// consumers and sinks dedupe by <c>id</c>.
/// </summary>
public sealed partial class ChangePublisher(TrackingTables tables, IEnumerable<IChangeEventSink> sinks, ChangeOutboxFaults faults, ILogger<ChangePublisher> logger)
{
    private readonly IChangeEventSink[] _sinks = [.. sinks];

    /// <summary>Publishes every outbox row of one tracking partition; returns how many were sent.</summary>
    public async Task<int> PublishPendingAsync(string partitionKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Trackings, cancellationToken);
        var sent = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(OutboxRows.InPartition(partitionKey), cancellationToken: cancellationToken))
        {
            var cloudEvent = PayloadColumns.Read(row) ?? throw new InvalidDataException($"Outbox row {row.PartitionKey}/{row.RowKey} has no event.");
            var eventId = row.GetString(OutboxRows.EventId) ?? row.RowKey;
            var change = new OutboxEvent(
                row.PartitionKey,
                eventId,
                row.GetString(OutboxRows.EventType) ?? string.Empty,
                row.GetInt64(OutboxRows.Sequence) ?? 0,
                row.GetDateTimeOffset(OutboxRows.CommittedAt) ?? row.Timestamp ?? DateTimeOffset.MinValue,
                cloudEvent);
            foreach (var sink in _sinks)
            {
                await sink.AcceptAsync(change, cancellationToken);
            }

            if (faults.DieAfterSend)
            {
                throw new InvalidOperationException("Test seam: the process died after sending, before deleting the outbox row.");
            }

            try
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Someone else (the sweep, another instance) published and removed it meanwhile; it went out twice,
                // which consumers absorb by id.
            }

            sent++;
            LogPublished(logger, eventId);
        }

        return sent;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Change event {EventId} published")]
    private static partial void LogPublished(ILogger logger, string eventId);
}
