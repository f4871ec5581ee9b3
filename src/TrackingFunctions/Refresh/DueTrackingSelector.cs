using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Refresh;

/// <summary>
/// The first stage of a refresh run: reads the due rows in due order, checks each against its tracking's state, and
/// passes on the ones that need an AfterShip call; the rest (stale rows, terminal trackings, rows a webhook pushed
/// later) are removed or moved on the spot.
/// </summary>
internal sealed partial class DueTrackingSelector(IRefreshScheduleStore schedule, RefreshPolicy policy, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>State reads and row moves in flight while sorting the due rows; storage, not AfterShip, bounds these.</summary>
    public const int StorageConcurrency = 16;

    /// <summary>
    /// Reads the due rows in due order and sorts them: due ones are written to <paramref name="output"/> in that order,
    /// the rest are removed or moved on the spot. State reads run <see cref="StorageConcurrency"/> at a time.
    /// </summary>
    public async Task SelectAsync(RefreshRun run, int max, ChannelWriter<DueTracking> output, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = Channel.CreateBounded<Task<DueTracking?>>(new BoundedChannelOptions(StorageConcurrency) { SingleReader = true, SingleWriter = true });
        var forwarding = ForwardInOrderAsync(pending.Reader, output, cancellationToken);
        try
        {
            await foreach (var entry in schedule.ReadDueAsync(now, max, cancellationToken))
            {
                if (run.ShouldStop())
                {
                    break;
                }

                run.RowsRead++;
                if (run.RowsRead == 1)
                {
                    // Rows come in due order, so the first one read is the longest overdue.
                    run.Lag = now - entry.At;
                }

                // A second row of one tracking is stale; it is met (and moved) again next run.
                if (seen.Add(entry.Id))
                {
                    await pending.Writer.WriteAsync(ClassifyAsync(run, entry, now, cancellationToken), cancellationToken);
                }
            }
        }
        finally
        {
            pending.Writer.TryComplete();
            try
            {
                await forwarding;
            }
            finally
            {
                output.TryComplete();
            }
        }
    }

    private static async Task ForwardInOrderAsync(ChannelReader<Task<DueTracking?>> pending, ChannelWriter<DueTracking> output, CancellationToken cancellationToken)
    {
        await foreach (var classified in pending.ReadAllAsync(cancellationToken))
        {
            if (await classified is { } item)
            {
                await output.WriteAsync(item, cancellationToken);
            }
        }
    }

    private async Task<DueTracking?> ClassifyAsync(RefreshRun run, DueEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var state = await schedule.ReadStateAsync(entry.Id, cancellationToken);
            if (policy.Classify(entry.At, state, now) == DueAction.Refresh)
            {
                Interlocked.Increment(ref run.Due);
                return new DueTracking(entry, state!);
            }

            await SettleAsync(run, entry, state, now, cancellationToken);
        }
        catch (StorageUnavailableException ex)
        {
            Interlocked.Increment(ref run.Failed);
            LogStorageFailed(logger, entry.Id, ex);
        }

        return null;
    }

    /// <summary>Carries out what <see cref="RefreshPolicy.Classify"/> decided for a row that needs no AfterShip call.</summary>
    public async Task SettleAsync(RefreshRun run, DueEntry entry, StoredTracking? state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (policy.Classify(entry.At, state, now))
        {
            case DueAction.Remove:
                await schedule.RemoveAsync(entry, cancellationToken);
                Interlocked.Increment(ref run.LeftSchedule);
                break;
            case DueAction.LeaveSchedule:
                if (await schedule.LeaveAsync(entry, state!, gone: false, cancellationToken))
                {
                    Interlocked.Increment(ref run.LeftSchedule);
                }

                break;
            case DueAction.Move:
                if (await schedule.RescheduleAsync(entry, state!, state!.NextRefreshAt!.Value, state.RefreshInterval, cancellationToken))
                {
                    Interlocked.Increment(ref run.Rescheduled);
                }

                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh: storage failed for tracking {TrackingId}; its row stays due")]
    private static partial void LogStorageFailed(ILogger logger, string trackingId, Exception exception);
}
