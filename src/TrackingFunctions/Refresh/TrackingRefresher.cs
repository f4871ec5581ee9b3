using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Errors;
using TrackingFunctions.AfterShip.Http;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Refresh;

/// <summary>
/// One pass of the refresh job: reads the due rows, checks each against its tracking's state, fetches the due
/// trackings from AfterShip 50 at a time with GET /trackings (falling back to GET /trackings/{id} for any a batch
/// does not return) and stores every result as it arrives, through the same never-regress write as the webhook.
/// </summary>
/// <remarks>
/// Calls are started concurrently (<see cref="RefreshOptions.MaxConcurrency"/>) and spaced by the client's shared
/// per-endpoint rate limiter, so the pass runs at the allowed rate and never above it. Progress is durable per
/// tracking: a pass cut off by its budget, a crash or an overlapping pass leaves the untouched rows due for the next.
/// </remarks>
public sealed partial class TrackingRefresher(
    IRefreshScheduleStore schedule,
    ITrackingStore store,
    IAfterShipClient client,
    AfterShipCallMetrics metrics,
    RefreshPolicy policy,
    TimeProvider timeProvider,
    ILogger<TrackingRefresher> logger)
{
    private readonly DueTrackingSelector _selector = new(schedule, policy, timeProvider, logger);

    public async Task<RefreshRunSummary> RunAsync(CancellationToken cancellationToken)
    {
        // Commands go first on the shared rate budget (someone waits for them); the refresh still gets its share.
        using var priority = AfterShipCallPriority.Begin(AfterShipPriority.Refresh);
        var options = policy.Options;
        var run = new RefreshRun(timeProvider, options.TimeBudget);
        var before = metrics.Snapshot();
        try
        {
            // Sorting the due rows (a state read each) and calling AfterShip overlap: the first batch goes out as soon
            // as it is full, while later rows are still being read.
            var due = Channel.CreateUnbounded<DueTracking>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            var selecting = _selector.SelectAsync(run, options.MaxTrackingsPerRun, due.Writer, cancellationToken);
            var refreshing = RefreshAsync(run, due.Reader, options, cancellationToken);
            await Task.WhenAll(selecting, refreshing);
        }
        finally
        {
            var summary = run.Summarize(metrics.Snapshot().Since(before));
            var listAttempts = summary.Attempts.GetValueOrDefault(AfterShipEndpoint.ListTrackings);
            var getAttempts = summary.Attempts.GetValueOrDefault(AfterShipEndpoint.GetTracking);
            var durationMs = (long)summary.Duration.TotalMilliseconds;
            LogSummary(
                logger, summary.Due, summary.RowsRead, summary.Refreshed, summary.Changed, summary.Superseded, summary.Gone, summary.LeftSchedule,
                summary.Rescheduled, summary.Failed, summary.Deferred, summary.ListCalls, summary.GetCalls, listAttempts, getAttempts,
                summary.RateLimited, summary.Retries, durationMs, summary.BudgetExhausted, summary.StoppedByRateLimit);
            run.Result = summary;
        }

        return run.Result;
    }

    /// <summary>
    /// Takes due trackings as they come, in batches of <see cref="RefreshOptions.BatchSize"/>, with up to
    /// <see cref="RefreshOptions.MaxConcurrency"/> list calls in flight; stored results come back in each call's task.
    /// </summary>
    private async Task RefreshAsync(RefreshRun run, ChannelReader<DueTracking> due, RefreshOptions options, CancellationToken cancellationToken)
    {
        using var listGate = new SemaphoreSlim(options.MaxConcurrency);
        using var getGate = new SemaphoreSlim(options.MaxConcurrency);
        var batches = new List<Task>();
        var singles = new ConcurrentBag<Task>();

        async Task DispatchAsync(DueTracking[] batch)
        {
            await listGate.WaitAsync(cancellationToken);
            try
            {
                if (run.ShouldStop())
                {
                    Interlocked.Add(ref run.Deferred, batch.Length);
                    return;
                }

                foreach (var item in await RefreshBatchAsync(run, batch, cancellationToken))
                {
                    singles.Add(RefreshOneAsync(run, item, getGate, cancellationToken));
                }
            }
            finally
            {
                listGate.Release();
            }
        }

        var batch = new List<DueTracking>(options.BatchSize);
        try
        {
            await ReadAsync();
        }
        finally
        {
            // Every call started is finished and stored before the run ends, even when it is cancelled.
            await Task.WhenAll(batches);
            await Task.WhenAll(singles);
        }

        async Task ReadAsync()
        {
            await foreach (var item in due.ReadAllAsync(cancellationToken))
            {
                if (!Listable(item))
                {
                    // Without a slug and number a tracking cannot be listed; it goes straight to GET by id.
                    singles.Add(RefreshOneAsync(run, item, getGate, cancellationToken));
                    continue;
                }

                batch.Add(item);
                if (batch.Count == options.BatchSize)
                {
                    batches.Add(DispatchAsync([.. batch]));
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                batches.Add(DispatchAsync([.. batch]));
            }
        }
    }

    private static bool Listable(DueTracking item)
        => !string.IsNullOrWhiteSpace(item.State.Slug) && !string.IsNullOrWhiteSpace(item.State.TrackingNumber);

    /// <summary>One GET /trackings call for up to 50 trackings; returns the ones it did not return, for GET by id.</summary>
    private async Task<IReadOnlyList<DueTracking>> RefreshBatchAsync(RefreshRun run, DueTracking[] batch, CancellationToken cancellationToken)
    {
        // The slug filter takes a list, so trackings of several couriers share a call; results are matched by id, and
        // a tracking of the same number at another courier that the filter lets through is simply not matched.
        var query = new ListTrackingsQuery
        {
            TrackingNumbers = [.. batch.Select(d => d.State.TrackingNumber!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)],
            Slugs = [.. batch.Select(d => d.State.Slug!.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal)],
            Limit = ListTrackingsQuery.MaxLimit,
        };

        TrackingPage page;
        try
        {
            Interlocked.Increment(ref run.ListCalls);
            page = await client.ListTrackingsAsync(query, cancellationToken);
        }
        catch (AfterShipRateLimitedException ex)
        {
            run.StopForRateLimit();
            Interlocked.Add(ref run.Deferred, batch.Length);
            LogListFailed(logger, batch.Length, ex);
            return [];
        }
        catch (AfterShipApiException ex) when (ex.IsTransient)
        {
            Interlocked.Add(ref run.Failed, batch.Length);
            LogListFailed(logger, batch.Length, ex);
            return [];
        }
        catch (AfterShipApiException ex)
        {
            // A permanent refusal (one odd tracking number can cause it): each tracking is asked for by id instead.
            LogListFailed(logger, batch.Length, ex);
            return batch;
        }

        var byId = new Dictionary<string, Tracking>(StringComparer.Ordinal);
        foreach (var tracking in page.Trackings)
        {
            if (tracking.Id is { } id)
            {
                byId.TryAdd(id, tracking);
            }
        }

        var missing = new List<DueTracking>();
        var stores = new List<Task>(batch.Length);
        foreach (var item in batch)
        {
            if (byId.TryGetValue(item.Entry.Id, out var tracking))
            {
                stores.Add(ApplyAsync(run, item, tracking, cancellationToken));
            }
            else
            {
                missing.Add(item);
            }
        }

        await Task.WhenAll(stores);
        return missing;
    }

    private async Task RefreshOneAsync(RefreshRun run, DueTracking item, SemaphoreSlim gate, CancellationToken cancellationToken)
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
                await DeferAsync(item, cancellationToken);
                return;
            }

            await ApplyAsync(run, item, tracking, cancellationToken);
        }
        catch (StorageUnavailableException ex)
        {
            Interlocked.Increment(ref run.Failed);
            LogStorageFailed(logger, item.Entry.Id, ex);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task ApplyAsync(RefreshRun run, DueTracking item, Tracking tracking, CancellationToken cancellationToken)
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
                    await _selector.SettleAsync(run, item.Entry, state, now, cancellationToken);
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
                return;
            }

            state = current;
        }
    }

    /// <summary>Pushes the next refresh back as if the refresh had found nothing new.</summary>
    private async Task DeferAsync(DueTracking item, CancellationToken cancellationToken)
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

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Refresh run: {Due} due of {RowsRead} rows read; {Refreshed} refreshed, {Changed} changed, {Superseded} superseded by newer writes, " +
        "{Gone} gone, {LeftSchedule} left the schedule, {Rescheduled} rescheduled, {Failed} failed, {Deferred} deferred; " +
        "calls: {ListCalls} GET /trackings, {GetCalls} GET /trackings/:id ({ListAttempts} and {GetAttempts} attempts); " +
        "{RateLimited} 429s, {Retries} retries; {DurationMs} ms; budget exhausted: {BudgetExhausted}; stopped by 429: {StoppedByRateLimit}")]
    private static partial void LogSummary(
        ILogger logger, int due, int rowsRead, int refreshed, int changed, int superseded, int gone, int leftSchedule, int rescheduled, int failed,
        int deferred, int listCalls, int getCalls, long listAttempts, long getAttempts, long rateLimited, long retries, long durationMs,
        bool budgetExhausted, bool stoppedByRateLimit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh: GET /trackings for {Count} trackings failed")]
    private static partial void LogListFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh: GET /trackings/:id for tracking {TrackingId} failed")]
    private static partial void LogGetFailed(ILogger logger, string trackingId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh: storage failed for tracking {TrackingId}; its row stays due")]
    private static partial void LogStorageFailed(ILogger logger, string trackingId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refresh: tracking {TrackingId} is too large to store ({Length} bytes); refresh deferred")]
    private static partial void LogTooLarge(ILogger logger, string trackingId, int length);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refresh: AfterShip no longer has tracking {TrackingId} (4004); marked gone")]
    private static partial void LogGone(ILogger logger, string trackingId);
}
