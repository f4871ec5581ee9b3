using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Attention;

/// <summary>
/// The attention timer's run: reads the deadline rows that came due (one range query of the attention index, most
/// overdue first) and checks each of those trackings; once every active tracking is indexed, nothing else is read.
/// A tracking that changed since its row was written is checked as it is now, and its row moves to its new deadline
/// or goes. Until then (alerts just turned on) the rest of the run's budget walks the refresh's due index
/// (<see cref="AttentionSeed"/>).
/// </summary>
public sealed partial class AttentionSweep(
    TrackingTables tables,
    AttentionChecker checker,
    IOptions<AlertOptions> options,
    TimeProvider timeProvider,
    ILogger<AttentionSweep> logger)
{
    /// <summary>Checks in flight; each is a read and a transaction of one partition.</summary>
    public const int Concurrency = 8;

    private static readonly string[] RowColumns = ["RowKey", StateColumns.Id, "Cursor", "Done"];

    private readonly AttentionSeed _seed = new(checker, logger);

    public async Task<AttentionSweepSummary> RunAsync(CancellationToken cancellationToken)
    {
        var schedule = await tables.GetAsync(TableNames.RefreshSchedule, cancellationToken);
        if (!options.Value.Enabled)
        {
            await AttentionSeed.ForgetAsync(schedule, cancellationToken);
            return new AttentionSweepSummary(0, 0, 0, 0);
        }

        var now = timeProvider.GetUtcNow();
        var max = options.Value.MaxTrackingsPerRun;
        var rows = schedule.QueryAsync<TableEntity>(AttentionIndex.DueBy(now, AttentionSeed.RowKey), maxPerPage: Math.Min(max + 1, 1000), select: RowColumns, cancellationToken: cancellationToken);
        TableEntity? cursor = null;
        int read = 0, raised = 0, failed = 0;
        await Parallel.ForEachAsync(
            DueRows(rows, max, seedRow => cursor = seedRow),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (row, token) =>
            {
                Interlocked.Increment(ref read);
                if (DueIndex.TimeOf(row.RowKey) is not { } at || row.GetString(StateColumns.Id) is not { Length: > 0 } id)
                {
                    return;
                }

                try
                {
                    var check = await checker.CheckAsync(TableKey.Encode(id), observed: null, token);
                    Interlocked.Add(ref raised, check.Raised);
                    if (check.DueAt != at)
                    {
                        await AttentionIndex.DeleteAsync(schedule, at, id, token);
                    }
                }
                catch (Exception ex) when (StorageUnavailableException.IsTransient(ex, token))
                {
                    // The row stays due; the next run checks the tracking again.
                    Interlocked.Increment(ref failed);
                    LogCheckFailed(logger, id, ex);
                }
            });

        // Due rows first; what is left of the budget goes to trackings stored while alerts were off. A run that
        // used its whole budget did not reach the cursor row, and seeds nothing.
        var (seeded, seedRaised) = read < max ? await _seed.RunAsync(schedule, cursor, max - read, cancellationToken) : (0, 0);
        var summary = new AttentionSweepSummary(read, raised + seedRaised, failed, seeded);
        LogRun(logger, summary.RowsRead, summary.Seeded, summary.Raised, summary.Failed);
        return summary;
    }

    /// <summary>The due rows, at most <paramref name="max"/>; the cursor row, which sorts after all of them, goes to <paramref name="cursor"/>.</summary>
    private static async IAsyncEnumerable<TableEntity> DueRows(IAsyncEnumerable<TableEntity> rows, int max, Action<TableEntity> cursor)
    {
        var taken = 0;
        await foreach (var row in rows)
        {
            if (row.RowKey == AttentionSeed.RowKey)
            {
                cursor(row);
                yield break;
            }

            if (taken++ >= max)
            {
                yield break;
            }

            yield return row;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attention: storage failed checking tracking {TrackingId}; its row stays due")]
    private static partial void LogCheckFailed(ILogger logger, string trackingId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Attention run: {RowsRead} due trackings and {Seeded} not yet indexed checked, {Raised} alerts raised, {Failed} failed")]
    private static partial void LogRun(ILogger logger, int rowsRead, int seeded, int raised, int failed);
}
