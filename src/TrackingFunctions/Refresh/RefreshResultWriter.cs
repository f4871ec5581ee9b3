using Microsoft.Extensions.Logging;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Refresh;

/// <summary>
/// The last stage of a refresh run: stores what AfterShip returned for a due tracking through the same never-regress
/// write as the webhook, settles the row when a newer write won, and pushes a row back when it cannot be refreshed.
/// </summary>
internal sealed partial class RefreshResultWriter(
    ITrackingStore store,
    IRefreshScheduleStore schedule,
    RefreshPolicy policy,
    DueTrackingSelector selector,
    TimeProvider timeProvider,
    ILogger logger)
{
    public async Task ApplyAsync(RefreshRun run, DueTracking item, Tracking tracking, CancellationToken cancellationToken)
    {
        try
        {
            var result = await store.ApplyRefreshAsync(tracking, item.State, cancellationToken);
            Interlocked.Increment(ref run.Refreshed);
            if (result.Changed)
            {
                Interlocked.Increment(ref run.Changed);
            }

            if (result.Outcome == ApplyOutcome.Stale)
            {
                Interlocked.Increment(ref run.Superseded);
            }

            // A newer state won (or nothing was written): if it still points at this row, the row moves to its time now.
            if (result.Outcome != ApplyOutcome.Applied && result.State is { } state && state.ScheduledRefreshAt == item.Entry.At)
            {
                var now = timeProvider.GetUtcNow();
                if (policy.Classify(item.Entry.At, state, now) != DueAction.Refresh)
                {
                    await selector.SettleAsync(run, item.Entry, state, now, cancellationToken);
                }
            }
        }
        catch (StorageUnavailableException ex)
        {
            Interlocked.Increment(ref run.Failed);
            LogStorageFailed(logger, item.Entry.Id, ex);
        }
        catch (PayloadTooLargeException ex)
        {
            Interlocked.Increment(ref run.Failed);
            LogTooLarge(logger, item.Entry.Id, ex.Length);
            await DeferAsync(item, cancellationToken);
        }
    }

    /// <summary>Pushes the next refresh back as if the refresh had found nothing new.</summary>
    public async Task DeferAsync(DueTracking item, CancellationToken cancellationToken)
    {
        try
        {
            var interval = policy.NextInterval(item.State.RefreshInterval, reset: false);
            await schedule.RescheduleAsync(item.Entry, item.State, policy.NextAt(timeProvider.GetUtcNow(), interval), interval, cancellationToken);
        }
        catch (StorageUnavailableException ex)
        {
            LogStorageFailed(logger, item.Entry.Id, ex);
        }
    }

    /// <summary>Shared with the GET-by-id stage, whose own storage calls fail the same way.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh: storage failed for tracking {TrackingId}; its row stays due")]
    internal static partial void LogStorageFailed(ILogger logger, string trackingId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refresh: tracking {TrackingId} is too large to store ({Length} bytes); refresh deferred")]
    private static partial void LogTooLarge(ILogger logger, string trackingId, int length);
}
