using System.Runtime.ExceptionServices;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Changes;

/// <summary>
/// Publishes a tracking's outbox rows in sequence order: hands each stored CloudEvent to every sink (the change queue
/// first), one row after the other, then deletes the rows every sink took, all at once (<see cref="OutboxDeletes"/>).
/// A crash before the deletes re-sends the same events (same ids) later, which is why consumers and sinks dedupe by
/// <c>id</c>.
/// </summary>
/// <remarks>
/// The rows are read a page at a time (<see cref="OutboxDeletes.MaxPerTransaction"/>, one entity-group transaction
/// of deletes each), so a tracking with a long backlog neither holds it all in memory nor waits for one delete per
/// event before sending the next.
/// </remarks>
public sealed partial class ChangePublisher(TrackingTables tables, IEnumerable<IChangeEventSink> sinks, ChangeOutboxFaults faults, ILogger<ChangePublisher> logger)
{
    private readonly IChangeEventSink[] _sinks = [.. sinks];

    /// <summary>Publishes every outbox row of one tracking partition; returns how many were sent.</summary>
    public async Task<int> PublishPendingAsync(string partitionKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Trackings, cancellationToken);
        var sent = 0;
        var pages = table.QueryAsync<TableEntity>(OutboxRows.InPartition(partitionKey), maxPerPage: OutboxDeletes.MaxPerTransaction, cancellationToken: cancellationToken).AsPages();
        await foreach (var page in pages)
        {
            var handed = new List<TableEntity>(page.Values.Count);
            ExceptionDispatchInfo? failure = null;
            try
            {
                foreach (var row in page.Values)
                {
                    await HandToSinksAsync(row, cancellationToken);
                    handed.Add(row);
                }
            }
            catch (Exception ex) when (!faults.DieAfterSend)
            {
                // The rows before the failing one went out: delete them, so the sweep resends only from the failure on.
                failure = ExceptionDispatchInfo.Capture(ex);
            }

            await OutboxDeletes.DeleteAsync(table, handed, cancellationToken);
            sent += handed.Count;
            failure?.Throw();
        }

        return sent;
    }

    /// <summary>
    /// Publishes one row as its commit wrote it, without reading the partition: for a tracking's first event, which
    /// has no earlier one that could still be waiting. Outbox rows are never rewritten, so the delete needs no ETag.
    /// </summary>
    internal async Task PublishCommittedAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Trackings, cancellationToken);
        await HandToSinksAsync(row, cancellationToken);
        await OutboxDeletes.DeleteAsync(table, [new TableEntity(row.PartitionKey, row.RowKey) { ETag = Azure.ETag.All }], cancellationToken);
    }

    private async Task HandToSinksAsync(TableEntity row, CancellationToken cancellationToken)
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

        LogPublished(logger, eventId);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Change event {EventId} published")]
    private static partial void LogPublished(ILogger logger, string eventId);
}
