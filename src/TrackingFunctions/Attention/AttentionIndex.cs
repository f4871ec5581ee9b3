using Azure;
using Azure.Data.Tables;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Attention;

/// <summary>
/// The attention deadlines: rows in the refresh's due-index table (<see cref="TableNames.RefreshSchedule"/>), in a
/// partition of their own, keyed as the due index is (<see cref="DueIndex.RowKey"/>: <c>{UTC ticks}|{id}</c>), so
/// "every tracking whose next threshold has passed" is one range query whose cost grows with the number due, never
/// with the number stored. One row per tracking that can still become stuck, at the earliest moment one of its timed
/// causes would start to hold.
/// </summary>
internal static class AttentionIndex
{
    public const string PartitionKey = "attention";

    public static TableEntity Row(DateTimeOffset at, string id) => new(PartitionKey, DueIndex.RowKey(at, id))
    {
        [StateColumns.Id] = id,
        [DueIndex.DueAt] = at,
    };

    /// <summary>Every row due by <paramref name="now"/> and, in the same query, the row keyed <paramref name="alsoRowKey"/>.</summary>
    public static string DueBy(DateTimeOffset now, string alsoRowKey)
        => TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey} and (RowKey lt {DueIndex.UpperBound(now)} or RowKey eq {alsoRowKey})");

    public static async Task DeleteAsync(TableClient table, DateTimeOffset at, string id, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(PartitionKey, DueIndex.RowKey(at, id), ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Deleted already (an overlapping check): the outcome wanted.
        }
    }
}
