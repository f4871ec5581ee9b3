using Microsoft.Extensions.Logging;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Errors;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Refresh;

/// <summary>
/// Refreshes one due tracking with GET /trackings/{id}: the way for trackings a list call cannot find (no slug or
/// number, or not in its results). A 4004 marks the tracking gone; a permanent refusal backs its row off.
/// </summary>
internal sealed partial class TrackingByIdRefresher(
    IRefreshScheduleStore schedule,
    IAfterShipClient client,
    RefreshResultWriter writer,
    TimeProvider timeProvider,
    ILogger logger)
{
    /// <summary>Refreshes <paramref name="item"/> once <paramref name="gate"/> lets it, unless the run should stop.</summary>
    public async Task RefreshAsync(RefreshRun run, DueTracking item, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (run.ShouldStop())
            {
                Interlocked.Increment(ref run.Deferred);
                return;
            }

            var asked = timeProvider.GetUtcNow();
            Tracking tracking;
            try
            {
                Interlocked.Increment(ref run.GetCalls);
                tracking = await client.GetTrackingAsync(item.Entry.Id, cancellationToken);
            }
            catch (AfterShipNotFoundException)
            {
                await MarkGoneAsync(run, item, asked, cancellationToken);
                return;
            }
            catch (AfterShipRateLimitedException ex)
            {
                run.StopForRateLimit();
                Interlocked.Increment(ref run.Deferred);
                LogGetFailed(logger, item.Entry.Id, ex);
                return;
            }
            catch (AfterShipApiException ex) when (ex.IsTransient)
            {
                // AfterShip is struggling: the row stays due and the next run tries again.
                Interlocked.Increment(ref run.Failed);
                LogGetFailed(logger, item.Entry.Id, ex);
                return;
            }
            catch (AfterShipApiException ex)
            {
                // Refused for good (not 4004): back off like an unchanged refresh so one bad tracking cannot stay at the
                // head of the schedule and be asked for every run.
                Interlocked.Increment(ref run.Failed);
                LogGetFailed(logger, item.Entry.Id, ex);
                await writer.DeferAsync(item, cancellationToken);
                return;
            }

            await writer.ApplyAsync(run, item, tracking, cancellationToken);
        }
        catch (StorageUnavailableException ex)
        {
            Interlocked.Increment(ref run.Failed);
            RefreshResultWriter.LogStorageFailed(logger, item.Entry.Id, ex);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>AfterShip answered 4004: the tracking is marked gone and leaves the schedule, unless a newer write says otherwise.</summary>
    private async Task MarkGoneAsync(RefreshRun run, DueTracking item, DateTimeOffset asked, CancellationToken cancellationToken)
    {
        var state = item.State;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await schedule.LeaveAsync(item.Entry, state, gone: true, cancellationToken))
            {
                Interlocked.Increment(ref run.Gone);
                LogGone(logger, item.Entry.Id);
                return;
            }

            var current = await schedule.ReadStateAsync(item.Entry.Id, cancellationToken);
            if (current is null || current.SourceAt > asked)
            {
                // Written after AfterShip was asked: that write knows better than the 4004; the row is settled next run.
                Interlocked.Increment(ref run.Superseded);
                return;
            }

            state = current;
        }

        // Still changing under us after three tries: the row stays due and the next run asks again.
        Interlocked.Increment(ref run.Deferred);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh: GET /trackings/:id for tracking {TrackingId} failed")]
    private static partial void LogGetFailed(ILogger logger, string trackingId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refresh: AfterShip no longer has tracking {TrackingId} (4004); marked gone")]
    private static partial void LogGone(ILogger logger, string trackingId);
}
