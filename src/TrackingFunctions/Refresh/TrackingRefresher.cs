using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Http;
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
public sealed partial class TrackingRefresher
{
    private readonly AfterShipCallMetrics _metrics;
    private readonly RefreshPolicy _policy;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TrackingRefresher> _logger;
    private readonly DueTrackingSelector _selector;
    private readonly TrackingListRefresher _lister;
    private readonly TrackingByIdRefresher _getter;

    /// <summary>Sets up the run's stages: selecting the due rows, list calls, GET by id, and storing the results.</summary>
    public TrackingRefresher(
        IRefreshScheduleStore schedule,
        ITrackingStore store,
        IAfterShipClient client,
        AfterShipCallMetrics metrics,
        RefreshPolicy policy,
        TimeProvider timeProvider,
        ILogger<TrackingRefresher> logger)
    {
        (_metrics, _policy, _timeProvider, _logger) = (metrics, policy, timeProvider, logger);
        _selector = new DueTrackingSelector(schedule, policy, timeProvider, logger);
        var writer = new RefreshResultWriter(store, schedule, policy, _selector, timeProvider, logger);
        _lister = new TrackingListRefresher(client, writer, logger);
        _getter = new TrackingByIdRefresher(schedule, client, writer, timeProvider, logger);
    }

    public async Task<RefreshRunSummary> RunAsync(CancellationToken cancellationToken)
    {
        // Commands go first on the shared rate budget (someone waits for them); the refresh still gets its share.
        using var priority = AfterShipCallPriority.Begin(AfterShipPriority.Refresh);
        var options = _policy.Options;
        var run = new RefreshRun(_timeProvider, options.TimeBudget);
        var before = _metrics.Snapshot();
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
            var summary = run.Summarize(_metrics.Snapshot().Since(before));
            var listAttempts = summary.Attempts.GetValueOrDefault(AfterShipEndpoint.ListTrackings);
            var getAttempts = summary.Attempts.GetValueOrDefault(AfterShipEndpoint.GetTracking);
            var durationMs = (long)summary.Duration.TotalMilliseconds;
            LogSummary(
                _logger, summary.Due, summary.RowsRead, summary.Refreshed, summary.Changed, summary.Superseded, summary.Gone, summary.LeftSchedule,
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

                foreach (var item in await _lister.RefreshAsync(run, batch, cancellationToken))
                {
                    singles.Add(_getter.RefreshAsync(run, item, getGate, cancellationToken));
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
                if (!TrackingListRefresher.Listable(item))
                {
                    // Without a slug and number a tracking cannot be listed; it goes straight to GET by id.
                    singles.Add(_getter.RefreshAsync(run, item, getGate, cancellationToken));
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

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Refresh run: {Due} due of {RowsRead} rows read; {Refreshed} refreshed, {Changed} changed, {Superseded} superseded by newer writes, " +
        "{Gone} gone, {LeftSchedule} left the schedule, {Rescheduled} rescheduled, {Failed} failed, {Deferred} deferred; " +
        "calls: {ListCalls} GET /trackings, {GetCalls} GET /trackings/:id ({ListAttempts} and {GetAttempts} attempts); " +
        "{RateLimited} 429s, {Retries} retries; {DurationMs} ms; budget exhausted: {BudgetExhausted}; stopped by 429: {StoppedByRateLimit}")]
    private static partial void LogSummary(
        ILogger logger, int due, int rowsRead, int refreshed, int changed, int superseded, int gone, int leftSchedule, int rescheduled, int failed,
        int deferred, int listCalls, int getCalls, long listAttempts, long getAttempts, long rateLimited, long retries, long durationMs,
        bool budgetExhausted, bool stoppedByRateLimit);
}
