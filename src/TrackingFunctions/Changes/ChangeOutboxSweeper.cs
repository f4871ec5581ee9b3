using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Changes;

/// <summary>
/// Publishes outbox rows left behind: by a process that died between a commit and its publish, or a publish that
/// failed. Run by a timer, which the host runs one invocation at a time across instances.
/// </summary>
/// <remarks>
/// Outbox rows sit in each tracking's partition, so finding them is a query across the whole Trackings table
/// filtered by row key: its cost grows with the table, not with the number of rows left behind. Rows younger than
/// <see cref="ChangeEventOptions.SweepGracePeriod"/> are skipped: they are being published right now. Trackings are
/// published side by side (as many as the dispatcher publishes at once), each one's rows in order, so the rows a
/// burst left past the dispatcher's backlog go out quickly.
/// </remarks>
public sealed partial class ChangeOutboxSweeper(
    TrackingTables tables,
    ChangePublisher publisher,
    TimeProvider timeProvider,
    IOptions<ChangeEventOptions> options,
    ChangeDispatchLimits limits,
    ILogger<ChangeOutboxSweeper> logger)
{
    /// <summary>Publishes every row older than the grace period; returns how many events were sent.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Trackings, cancellationToken);
        var cutoff = timeProvider.GetUtcNow() - options.Value.SweepGracePeriod;
        var partitions = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(OutboxRows.CommittedBefore(cutoff), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (partitions.Count == 0 || partitions[^1] != row.PartitionKey)
            {
                partitions.Add(row.PartitionKey);
            }
        }

        var sent = 0;
        var failed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = limits.MaxConcurrentTrackings, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(partitions, parallel, async (partitionKey, ct) =>
        {
            try
            {
                Interlocked.Add(ref sent, await publisher.PublishPendingAsync(partitionKey, ct));
            }
            catch (Exception ex) when (StorageUnavailableException.IsTransient(ex, ct) || ex is Azure.RequestFailedException)
            {
                Interlocked.Increment(ref failed);
                LogPartitionFailed(logger, partitionKey, ex);
            }
        });

        if (partitions.Count > 0)
        {
            LogSwept(logger, partitions.Count, sent, failed);
        }

        if (failed > 0 && failed == partitions.Count)
        {
            throw new StorageUnavailableException($"The outbox sweep could publish none of {failed} trackings' events.");
        }

        return sent;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox sweep: {Trackings} trackings had events left behind; {Sent} events sent, {Failed} trackings failed")]
    private static partial void LogSwept(ILogger logger, int trackings, int sent, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox sweep could not publish the events of partition {PartitionKey}; the next sweep retries")]
    private static partial void LogPartitionFailed(ILogger logger, string partitionKey, Exception exception);
}
