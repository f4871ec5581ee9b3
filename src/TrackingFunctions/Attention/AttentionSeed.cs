using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Attention;

/// <summary>
/// Brings trackings stored while alerts were off into the attention index: the timer walks the refresh's due index
/// (every tracking still on its way has a row there) from a cursor, a run's budget at a time, and checks each once.
/// The cursor row sits in the attention partition under a key no deadline row can have; while alerts are off the
/// timer resets it, so turning them on again walks every active tracking again.
/// </summary>
internal sealed partial class AttentionSeed(AttentionChecker checker, ILogger logger)
{
    /// <summary>Sorts after every <c>{ticks}|{id}</c> deadline key, so the due-rows query can fetch it last.</summary>
    public const string RowKey = "seed";

    private const string CursorColumn = "Cursor";
    private const string DoneColumn = "Done";

    private static readonly string[] RowColumns = ["RowKey", StateColumns.Id];

    public static Task ForgetAsync(TableClient schedule, CancellationToken cancellationToken)
        => schedule.UpsertEntityAsync(Row(string.Empty, done: false), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Checks up to <paramref name="budget"/> more trackings of the walk; returns how many it checked.</summary>
    public async Task<(int Checked, int Raised)> RunAsync(TableClient schedule, TableEntity? cursorRow, int budget, CancellationToken cancellationToken)
    {
        if (cursorRow?.GetBoolean(DoneColumn) == true || budget <= 0)
        {
            return (0, 0);
        }

        var cursor = cursorRow?.GetString(CursorColumn) ?? string.Empty;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DueIndex.PartitionKey} and RowKey gt {cursor}");
        var rows = new List<TableEntity>();
        await foreach (var row in schedule.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(budget, 1000), select: RowColumns, cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count >= budget)
            {
                break;
            }
        }

        int raised = 0, failed = 0;
        await Parallel.ForEachAsync(
            rows.Select(r => r.GetString(StateColumns.Id)).OfType<string>().Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = AttentionSweep.Concurrency, CancellationToken = cancellationToken },
            async (id, token) =>
            {
                try
                {
                    Interlocked.Add(ref raised, (await checker.CheckAsync(TableKey.Encode(id), observed: null, token)).Raised);
                }
                catch (Exception ex) when (StorageUnavailableException.IsTransient(ex, token))
                {
                    Interlocked.Increment(ref failed);
                    LogSeedFailed(logger, id, ex);
                }
            });

        if (failed == 0)
        {
            // A failure leaves the cursor where it was: the same stretch is checked again next run (checks repeat safely).
            var next = rows.Count > 0 ? rows[^1].RowKey : cursor;
            await schedule.UpsertEntityAsync(Row(next, done: rows.Count < budget), TableUpdateMode.Replace, cancellationToken);
        }

        return (rows.Count, raised);
    }

    private static TableEntity Row(string cursor, bool done) => new(AttentionIndex.PartitionKey, RowKey)
    {
        [CursorColumn] = cursor,
        [DoneColumn] = done,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attention: storage failed checking tracking {TrackingId} stored before alerts were on; it is checked again next run")]
    private static partial void LogSeedFailed(ILogger logger, string trackingId, Exception exception);
}
