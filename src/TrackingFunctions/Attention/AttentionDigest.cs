using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrackingFunctions.Changes;
using TrackingFunctions.Notifications;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Attention;

/// <summary>
/// The optional hourly email to <see cref="AlertOptions.Email"/>: every attention event raised since the last one.
/// The sink records each event as a digest row (a redelivery overwrites its own row); the attention timer sends
/// what has gathered, at most once an hour, then deletes what it sent. A marker row claimed by ETag before sending
/// makes overlapping runs send one digest; a failed send puts the marker back, so the next run tries again.
/// </summary>
public sealed partial class AttentionDigest(
    TrackingTables tables,
    IEmailTransport transport,
    IOptions<AlertOptions> options,
    IOptions<NotificationOptions> notifications,
    TimeProvider timeProvider,
    ILogger<AttentionDigest> logger)
{
    /// <summary>Sorts after every <c>{ticks}|…</c> key, so one query returns the entries and, last, the marker.</summary>
    private const string MarkerRowKey = "~sent";

    private const string SentAtColumn = "SentAt";

    /// <summary>Less than an hour, so an hourly timer that fires a little early is not held back a whole hour.</summary>
    private static readonly TimeSpan MinimumGap = TimeSpan.FromMinutes(50);

    private bool Enabled => options.Value.Enabled && options.Value.Email.Length > 0;

    /// <summary>Records one attention event for the next digest.</summary>
    internal async Task RecordAsync(OutboxEvent change, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        var table = await tables.GetAsync(TableNames.RefreshSchedule, cancellationToken);
        await table.UpsertEntityAsync(DigestEntry.Row(change), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Sends the digest if an hour has passed since the last and something is waiting; returns how many events it listed.</summary>
    public async Task<int> SendAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return 0;
        }

        var table = await tables.GetAsync(TableNames.RefreshSchedule, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DigestEntry.PartitionKey} and (RowKey lt {DueIndex.UpperBound(now)} or RowKey eq {MarkerRowKey})");
        var rows = new List<TableEntity>();
        TableEntity? marker = null;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey == MarkerRowKey)
            {
                marker = row;
            }
            else
            {
                rows.Add(row);
            }
        }

        var lastSent = marker?.GetDateTimeOffset(SentAtColumn);
        if (rows.Count == 0 || now - lastSent < MinimumGap || !await ClaimAsync(table, marker, now, cancellationToken))
        {
            return 0;
        }

        var message = DigestEmail.Compose(notifications.Value.From, options.Value.Email, [.. rows.Select(DigestEntry.From)], now);
        var delivery = await transport.SendAsync(message, cancellationToken);
        if (delivery.Outcome != EmailOutcome.Accepted)
        {
            // Not sent: the entries stay, and the marker goes back so the next run tries again.
            await table.UpsertEntityAsync(Marker(lastSent), TableUpdateMode.Replace, cancellationToken);
            LogNotSent(logger, delivery.Outcome, delivery.Reason);
            return 0;
        }

        // A crash before these deletes sends the same entries again in the next digest: the only duplicate it can make.
        foreach (var chunk in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
        }

        LogSent(logger, rows.Count);
        return rows.Count;
    }

    /// <summary>Moves the marker to now, conditional on the one read: of two runs at once, one sends.</summary>
    private static async Task<bool> ClaimAsync(TableClient table, TableEntity? marker, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            if (marker is null)
            {
                await table.AddEntityAsync(Marker(now), cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(Marker(now), marker.ETag, TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private static TableEntity Marker(DateTimeOffset? sentAt) => new(DigestEntry.PartitionKey, MarkerRowKey) { [SentAtColumn] = sentAt };

    [LoggerMessage(Level = LogLevel.Information, Message = "Attention digest sent with {Count} events")]
    private static partial void LogSent(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attention digest not sent ({Outcome}: {Reason}); the next run tries again")]
    private static partial void LogNotSent(ILogger logger, EmailOutcome outcome, string? reason);
}
