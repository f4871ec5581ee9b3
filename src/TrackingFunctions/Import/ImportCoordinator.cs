using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Import;

/// <summary>Starts, cancels and resumes the import, and reports its progress. The work itself runs from the queue.</summary>
public sealed partial class ImportCoordinator(
    ImportJobStore jobs,
    ImportSlices queue,
    IOptions<ImportOptions> options,
    TimeProvider timeProvider,
    ILogger<ImportCoordinator> logger)
{
    /// <summary>The new import, or null with the one that is running.</summary>
    public async Task<(ImportJob? Started, ImportJob? Running)> StartAsync(ImportFilters filters, CancellationToken cancellationToken)
    {
        var job = new ImportJob
        {
            ImportId = Guid.NewGuid().ToString("N"),
            State = ImportState.Running,
            Filters = filters,
            StartedAt = timeProvider.GetUtcNow(),
        };
        var (started, running) = await jobs.TryStartAsync(job, cancellationToken);
        if (started is not null)
        {
            // Stored before it is queued: a crash in between leaves a running import with no checkpoint, which
            // the status reports stalled and a resume picks up.
            await queue.SendAsync(started.ImportId, cancellationToken);
            LogStarted(logger, started.ImportId);
        }

        return (started, running);
    }

    /// <summary>Null when there is no running import to cancel.</summary>
    public async Task<ImportJob?> CancelAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var job = await jobs.GetAsync(cancellationToken);
            if (job?.State != ImportState.Running)
            {
                return null;
            }

            // Conditional on the ETag: losing to a checkpoint just means reading the new counts and trying again.
            var cancelled = await jobs.TryUpdateAsync(job, job with { State = ImportState.Cancelled, FinishedAt = timeProvider.GetUtcNow() }, cancellationToken);
            if (cancelled is not null)
            {
                LogCancelled(logger, job.ImportId);
                return cancelled;
            }
        }

        throw new Storage.StorageUnavailableException("The import kept changing while it was being cancelled; try again.", new InvalidOperationException("ETag conflict."));
    }

    /// <summary>
    /// Queues one more slice of the running import, for one whose queue message was lost (its retries ran out while
    /// AfterShip or storage was down). A duplicate slice is harmless: the checkpoint's ETag lets only one carry on.
    /// </summary>
    public async Task<ImportJob?> ResumeAsync(CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(cancellationToken);
        if (job?.State != ImportState.Running)
        {
            return null;
        }

        await queue.SendAsync(job.ImportId, cancellationToken);
        LogResumed(logger, job.ImportId);
        return job;
    }

    public async Task<ImportStatus?> GetStatusAsync(CancellationToken cancellationToken)
        => await jobs.GetAsync(cancellationToken) is { } job ? ImportStatus.Of(job, timeProvider.GetUtcNow(), options.Value.StallTimeout) : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId} started")]
    private static partial void LogStarted(ILogger logger, string importId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {ImportId} cancelled")]
    private static partial void LogCancelled(ILogger logger, string importId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {ImportId} resumed by request")]
    private static partial void LogResumed(ILogger logger, string importId);
}
