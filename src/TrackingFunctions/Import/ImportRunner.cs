using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Errors;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Storage;
using TrackingFunctions.Telemetry;

namespace TrackingFunctions.Import;

/// <summary>
/// Runs one slice of the import: reads pages from the checkpointed cursor, stores each page's trackings through the
/// never-regress write, and checkpoints after every page, until the list ends or the time budget is spent. While a
/// page is stored the next one is already being fetched, so the list endpoint's rate is the pace, not storage latency.
/// </summary>
public sealed partial class ImportRunner(
    IAfterShipClient client,
    ITrackingStore store,
    ImportJobStore jobs,
    IOptions<ImportOptions> options,
    TimeProvider timeProvider,
    TrackingMetrics metrics,
    ILogger<ImportRunner> logger)
{
    /// <summary>True when the import has more to do and the caller should schedule another slice.</summary>
    public async Task<bool> RunAsync(string importId, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(cancellationToken);
        if (job is null || job.ImportId != importId || job.State != ImportState.Running)
        {
            // Cancelled, finished, or replaced by a newer import: a leftover message has nothing to do.
            return false;
        }

        using var priority = AfterShipCallPriority.Begin(AfterShipPriority.Bulk);
        var settings = options.Value;
        var deadline = timeProvider.GetUtcNow() + settings.TimeBudget;
        Task<TrackingPage>? prefetch = null;
        try
        {
            var cursor = job.Cursor;
            while (true)
            {
                TrackingPage page;
                try
                {
                    page = await (prefetch ?? ListAsync(job.Filters, cursor, settings.PageSize, cancellationToken));
                }
                catch (AfterShipApiException ex) when (!ex.IsTransient)
                {
                    await jobs.TryUpdateAsync(job, job with { State = ImportState.Failed, Error = ex.Message, FinishedAt = timeProvider.GetUtcNow() }, cancellationToken);
                    LogFailed(logger, importId, ex);
                    return false;
                }

                prefetch = null;
                var goOn = timeProvider.GetUtcNow() < deadline;
                if (goOn && page.HasNextPage)
                {
                    prefetch = ListAsync(job.Filters, page.NextCursor, settings.PageSize, cancellationToken);
                }

                var (changed, skipped) = await StorePageAsync(page.Trackings, settings.MaxConcurrency, cancellationToken);
                var now = timeProvider.GetUtcNow();
                var next = job with
                {
                    Cursor = page.HasNextPage ? page.NextCursor : null,
                    Pages = job.Pages + 1,
                    Trackings = job.Trackings + page.Trackings.Count,
                    Changed = job.Changed + changed,
                    Skipped = job.Skipped + skipped,
                    Total = page.Total ?? job.Total,
                    CheckpointAt = now,
                    State = page.HasNextPage ? ImportState.Running : ImportState.Completed,
                    FinishedAt = page.HasNextPage ? null : now,
                };
                if (await jobs.TryUpdateAsync(job, next, cancellationToken) is not { } saved)
                {
                    // Cancelled, or a duplicate message's runner checkpointed first: that one carries on.
                    LogLostCheckpoint(logger, importId);
                    return false;
                }

                job = saved;
                metrics.ImportProgress(page.Trackings.Count);
                if (!page.HasNextPage)
                {
                    LogCompleted(logger, importId, job.Pages, job.Trackings, job.Changed, job.Skipped);
                    return false;
                }

                if (!goOn)
                {
                    return true;
                }

                cursor = page.NextCursor;
            }
        }
        finally
        {
            if (prefetch is not null)
            {
                // A page fetched but not stored is read again by the next slice; only its failure is of no interest.
                await prefetch.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private Task<TrackingPage> ListAsync(ImportFilters filters, string? cursor, int pageSize, CancellationToken cancellationToken)
        => client.ListTrackingsAsync(
            new ListTrackingsQuery
            {
                Cursor = cursor,
                Limit = pageSize,
                Tag = filters.Tag,
                CreatedAtMin = filters.CreatedAtMin,
                CreatedAtMax = filters.CreatedAtMax,
            },
            cancellationToken);

    private async Task<(int Changed, int Skipped)> StorePageAsync(IReadOnlyList<Tracking> trackings, int concurrency, CancellationToken cancellationToken)
    {
        var changed = 0;
        var skipped = 0;
        await Parallel.ForEachAsync(
            trackings,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (tracking, ct) =>
            {
                if (string.IsNullOrWhiteSpace(tracking.Id))
                {
                    Interlocked.Increment(ref skipped);
                    LogSkipped(logger, tracking.Slug, "no id");
                    return;
                }

                try
                {
                    var result = await store.ApplyAsync(tracking, TrackingSource.Import, null, ct);
                    if (result.Changed)
                    {
                        Interlocked.Increment(ref changed);
                    }
                }
                catch (Exception ex) when (ex is PayloadTooLargeException || ex is RequestFailedException { Status: >= 400 and < 500 and not 408 and not 429 })
                {
                    // Storage refuses this one tracking whatever happens; failing the page would stop the import for good.
                    Interlocked.Increment(ref skipped);
                    LogSkipped(logger, tracking.Id, ex.GetType().Name);
                }
            });
        return (changed, skipped);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId} completed: {Pages} pages, {Trackings} trackings, {Changed} changed, {Skipped} skipped")]
    private static partial void LogCompleted(ILogger logger, string importId, long pages, long trackings, long changed, long skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {ImportId}: checkpoint lost to a cancel or another runner; this slice stops")]
    private static partial void LogLostCheckpoint(ILogger logger, string importId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Import {ImportId} failed: AfterShip refused the list call")]
    private static partial void LogFailed(ILogger logger, string importId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import skipped tracking {TrackingId}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string? trackingId, string reason);
}
