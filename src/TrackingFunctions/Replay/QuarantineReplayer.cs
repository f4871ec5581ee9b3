using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using TrackingFunctions.Storage;
using TrackingFunctions.Webhooks;

namespace TrackingFunctions.Replay;

/// <summary>
/// Re-reads quarantined webhook bodies with the current parser (after a fix is deployed) and stores the ones it
/// can read through the same write as a live delivery. The signature was checked when the body arrived. A stored
/// row is marked replayed so a second replay skips it; even without the mark, the event id makes it a duplicate.
/// </summary>
public sealed partial class QuarantineReplayer(
    TrackingTables tables,
    ITrackingStore store,
    TimeProvider timeProvider,
    ILogger<QuarantineReplayer> logger)
{
    /// <summary>Replays the day's rows, or only the one with this body hash; Found is 0 when there is none.</summary>
    public async Task<ReplayCounts> ReplayAsync(string day, string? id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(day);
        var table = await StorageUnavailableException.GuardAsync(() => tables.GetAsync(TableNames.WebhookQuarantine, cancellationToken), cancellationToken);
        var filter = id is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {day}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {day} and RowKey eq {id}");
        var rows = await StorageUnavailableException.GuardAsync(
            async () =>
            {
                var list = new List<TableEntity>();
                await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
                {
                    list.Add(row);
                }

                return list;
            },
            cancellationToken);

        int replayed = 0, already = 0, failing = 0;
        foreach (var row in rows)
        {
            if (row.ContainsKey(ReplayColumns.ReplayedAt))
            {
                already++;
                continue;
            }

            var outcome = await ReplayRowAsync(row, cancellationToken);
            var mark = new TableEntity(row.PartitionKey, row.RowKey);
            if (outcome is { } stored)
            {
                mark[ReplayColumns.ReplayedAt] = timeProvider.GetUtcNow();
                mark[ReplayColumns.ReplayOutcome] = stored.ToString();
                replayed++;
            }
            else
            {
                mark[ReplayColumns.LastReplayAttemptAt] = timeProvider.GetUtcNow();
                failing++;
            }

            await StorageUnavailableException.GuardAsync(
                async () => (await table.UpdateEntityAsync(mark, ETag.All, TableUpdateMode.Merge, cancellationToken)).Status,
                cancellationToken);
        }

        return new ReplayCounts(rows.Count, replayed, already, failing);
    }

    /// <summary>What storing the body did, or null when it still cannot be stored.</summary>
    private async Task<ApplyOutcome?> ReplayRowAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var body = PayloadColumns.Read(row) ?? [];
        var envelope = WebhookEnvelope.TryParse(body, out var reason);
        if (envelope is null)
        {
            LogStillFailing(logger, row.PartitionKey, row.RowKey, reason);
            return null;
        }

        var record = new WebhookEventRecord(
            envelope.EventId,
            envelope.EventType,
            envelope.Ts,
            row.GetDateTimeOffset("ReceivedAt") ?? timeProvider.GetUtcNow(),
            envelope.IsTrackingFirstTag,
            body);
        try
        {
            var result = await store.ApplyAsync(envelope.Tracking, TrackingSource.Webhook, record, cancellationToken);
            LogReplayed(logger, row.PartitionKey, row.RowKey, envelope.EventId, result.Outcome);
            return result.Outcome;
        }
        catch (Exception ex) when (ex is PayloadTooLargeException || ex is RequestFailedException { Status: >= 400 and < 500 and not 408 and not 429 })
        {
            LogStillFailing(logger, row.PartitionKey, row.RowKey, ex.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Quarantined webhook {Day}/{BodyHash} replayed as event {EventId}: {Outcome}")]
    private static partial void LogReplayed(ILogger logger, string day, string bodyHash, string eventId, ApplyOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Quarantined webhook {Day}/{BodyHash} still cannot be stored: {Reason}")]
    private static partial void LogStillFailing(ILogger logger, string day, string bodyHash, string? reason);
}
