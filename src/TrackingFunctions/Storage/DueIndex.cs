using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace TrackingFunctions.Storage;

/// <summary>
/// The refresh job's due index (table <see cref="TableNames.RefreshSchedule"/>): one row per scheduled tracking in
/// partition <see cref="PartitionKey"/>, keyed <c>{next refresh UTC ticks, 19 digits}|{encoded id}</c>, so rows sort by
/// due time and "everything due by now" is one range query whose cost grows with the number due, not stored.
/// </summary>
/// <remarks>
/// The state entity's <see cref="StateColumns.ScheduledRefreshAt"/> names the tracking's current row. Rows are
/// written before the state that points at them and deleted after it moved on, so a crash leaves at worst an extra
/// row; the refresh job deletes or moves every row that no longer matches its state when it meets it.
/// </remarks>
internal static class DueIndex
{
    /// <summary>One partition: a range query over it is cheap, and moving a row is one entity-group transaction.</summary>
    public const string PartitionKey = "due";

    public const string DueAt = "DueAt";

    public static string RowKey(DateTimeOffset at, string id)
        => Ticks(at.UtcTicks) + "|" + TableKey.Encode(id);

    /// <summary>The first row key after every row due at or before <paramref name="now"/>.</summary>
    public static string UpperBound(DateTimeOffset now) => Ticks(now.UtcTicks + 1);

    public static TableEntity Row(DateTimeOffset at, string id, string? slug, string? trackingNumber) => new(PartitionKey, RowKey(at, id))
    {
        [StateColumns.Id] = id,
        [StateColumns.Slug] = slug,
        [StateColumns.TrackingNumber] = trackingNumber,
        [DueAt] = at,
    };

    /// <summary>The due time a row key names.</summary>
    public static DateTimeOffset? TimeOf(string rowKey)
    {
        var bar = rowKey.IndexOf('|', StringComparison.Ordinal);
        return bar == 19 && long.TryParse(rowKey.AsSpan(0, 19), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
               && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;
    }

    public static Task UpsertAsync(TableClient table, TableEntity row, CancellationToken cancellationToken)
        => table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);

    /// <summary>
    /// Writes <paramref name="to"/> (if any) and deletes the row <paramref name="fromRowKey"/> (if any) in one transaction.
    /// Both are idempotent: the new row is upserted and a missing old row is not an error.
    /// </summary>
    public static async Task MoveAsync(TableClient table, string? fromRowKey, TableEntity? to, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>(2);
        if (to is not null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, to));
        }

        if (fromRowKey is not null && fromRowKey != to?.RowKey)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(PartitionKey, fromRowKey), ETag.All));
        }

        switch (actions.Count)
        {
            case 0:
                return;
            case 1 when to is null:
                await DeleteAsync(table, fromRowKey!, cancellationToken);
                return;
            case 1:
                await UpsertAsync(table, to, cancellationToken);
                return;
        }

        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404)
        {
            // The old row is already gone (an overlapping run moved it); the new one still has to exist.
            await UpsertAsync(table, to!, cancellationToken);
        }
    }

    public static async Task DeleteAsync(TableClient table, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(PartitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Deleted already: the outcome wanted.
        }
    }

    private static string Ticks(long ticks) => ticks.ToString("D19", CultureInfo.InvariantCulture);
}
