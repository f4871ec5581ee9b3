using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using TrackingFunctions.Commands;
using TrackingFunctions.Infrastructure;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Replay;

/// <summary>
/// Puts dead-lettered commands back on the command queue, once each: a row is claimed (ETag-conditional) before its
/// message is sent, so two concurrent replays of one day never send a command twice, and marked replayed after the
/// send. If the send fails the claim is undone; if the replay dies between claim and mark, the claim expires after
/// <see cref="ClaimTimeout"/> and a later replay sends the command (at least once: a command may then run twice,
/// which the processor tolerates, but it is never left unsent). The processor records the new outcome.
/// </summary>
public sealed partial class DeadLetterReplayer(
    TrackingTables tables,
    HostQueues queues,
    IConfiguration configuration,
    TimeProvider timeProvider,
    ILogger<DeadLetterReplayer> logger)
{
    /// <summary>How long a claim without a send keeps other replays off a row.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Replays the day's rows, or only <paramref name="messageId"/>'s; Found is 0 when there is none.</summary>
    public Task<ReplayCounts> ReplayAsync(string day, string? messageId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(day);
        var queueName = configuration[CommandQueueSettings.NameSetting]
            ?? throw new InvalidOperationException($"The '{CommandQueueSettings.NameSetting}' setting is missing.");
        return StorageUnavailableException.GuardAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableNames.DeadLetters, cancellationToken);
                var filter = messageId is null
                    ? TableClient.CreateQueryFilter($"PartitionKey eq {day}")
                    : TableClient.CreateQueryFilter($"PartitionKey eq {day} and RowKey eq {TableKey.Encode(messageId)}");
                int found = 0, replayed = 0, already = 0;
                await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
                {
                    found++;
                    if (await ReplayRowAsync(table, row, queueName, cancellationToken))
                    {
                        replayed++;
                    }
                    else
                    {
                        already++;
                    }
                }

                return new ReplayCounts(found, replayed, already, 0);
            },
            cancellationToken);
    }

    private async Task<bool> ReplayRowAsync(TableClient table, TableEntity row, string queueName, CancellationToken cancellationToken)
    {
        if (row.ContainsKey(ReplayColumns.ReplayedAt))
        {
            return false;
        }

        var now = timeProvider.GetUtcNow();
        if (row.GetDateTimeOffset(ReplayColumns.ReplayClaimedAt) is { } claimedAt && now - claimedAt < ClaimTimeout)
        {
            // Another replay is sending it right now.
            return false;
        }

        ETag claimed;
        try
        {
            var claim = new TableEntity(row.PartitionKey, row.RowKey) { [ReplayColumns.ReplayClaimedAt] = now };
            claimed = (await table.UpdateEntityAsync(claim, row.ETag, TableUpdateMode.Merge, cancellationToken)).Headers.ETag ?? ETag.All;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // A concurrent replay claimed it first.
            return false;
        }

        try
        {
            await queues.SendAsync(queueName, BinaryData.FromBytes(PayloadColumns.Read(row) ?? []), cancellationToken);
        }
        catch
        {
            // Undo the claim so the next replay sends it; the original row has no replay columns.
            await table.UpdateEntityAsync(row, claimed, TableUpdateMode.Replace, CancellationToken.None);
            throw;
        }

        try
        {
            var mark = new TableEntity(row.PartitionKey, row.RowKey) { [ReplayColumns.ReplayedAt] = timeProvider.GetUtcNow() };
            await table.UpdateEntityAsync(mark, claimed, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Our claim expired and another replay took the row over: it marks it.
        }

        var messageId = row.GetString("MessageId");
        var requestId = row.GetString("RequestId");
        LogReplayed(logger, messageId, requestId, row.PartitionKey);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead-lettered message {MessageId} (command {RequestId}, day {Day}) re-enqueued")]
    private static partial void LogReplayed(ILogger logger, string? messageId, string? requestId, string day);
}
