using Azure;
using Microsoft.Extensions.Logging;

namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// One endpoint's share of the deployment-wide budget in this instance, the pump around its
/// <see cref="BudgetPlanner"/>: queues the callers by priority, makes the claims, looks, releases and hold-offs the
/// planner asks for in storage, and waits for each slot's due time (AfterShip's clock) to hand it to one caller.
/// </summary>
internal sealed partial class EndpointBudget : IDisposable
{
    /// <summary>How long a pump with no callers left keeps its claimed future blocks before giving them back.</summary>
    private static readonly TimeSpan ReleaseDelay = TimeSpan.FromMilliseconds(500);

    private readonly BudgetPlanner _planner;
    private readonly RateBudgetStore _store;
    private readonly AfterShipClock _clock;
    private readonly TimeProvider _time;
    private readonly RateBudgetOptions _options;
    private readonly ILogger _logger;
    private readonly string _owner;
    private readonly SharedKeyUsage _usage = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly PriorityWaiters<Waiter> _waiters = new();
    private Task? _pump;
    private Task<bool>? _claiming;
    private readonly Task _fleetSeen;
    private Task? _release;

    public EndpointBudget(BudgetTimeline timeline, double limit, double headroom, RateBudgetStore store, AfterShipClock clock, TimeProvider time, RateBudgetOptions options, ILogger logger, string owner, Task fleetSeen)
    {
        _planner = new BudgetPlanner(timeline, limit, headroom, owner);
        (_store, _clock, _time, _options, _logger, _owner, _fleetSeen) = (store, clock, time, options, logger, owner, fleetSeen);
    }

    /// <summary>Whether the endpoint currently sends at its degraded local rate.</summary>
    public bool IsDegraded
    {
        get
        {
            lock (_gate)
            {
                return _planner.IsDegraded;
            }
        }
    }

    /// <summary>The most instances this one has seen at once lately (heartbeats and claims), itself included.</summary>
    public int KnownInstances
    {
        get
        {
            lock (_gate)
            {
                return _planner.Instances;
            }
        }
    }

    public BudgetTimeline Timeline => _planner.Timeline;

    public SharedKeyUsage Usage => _usage;

    private long Now => BudgetTimeline.UnixTicks(_clock.Now);

    /// <summary>Waits for a slot. Honours cancellation while waiting.</summary>
    public async ValueTask AcquireAsync(AfterShipPriority priority, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var waiter = new Waiter();
        await using var registration = cancellationToken.Register(static (state, token) => ((Waiter)state!).TrySetCanceled(token), waiter);
        lock (_gate)
        {
            _waiters.Enqueue(priority, waiter);
            _pump ??= Task.Run(PumpAsync, CancellationToken.None);
        }

        await waiter.Task.ConfigureAwait(false);
    }

    /// <summary>Learns from a response: the share someone else spends with our key.</summary>
    public void Observe(DateTimeOffset counted, DateTimeOffset reset, int limit, int remaining)
    {
        var windowStart = BudgetTimeline.UnixTicks(reset) - TimeSpan.TicksPerSecond;
        double skip;
        lock (_gate)
        {
            skip = _planner.SkipShare(_usage.ForeignPerSecond(counted));
        }

        var ours = Timeline.SlotsBetween(windowStart, BudgetTimeline.UnixTicks(counted)) * (1 - skip);
        _usage.Observe(counted, reset, limit, remaining, ours);
        lock (_gate)
        {
            _planner.ObserveRemaining(BudgetTimeline.UnixTicks(counted), BudgetTimeline.UnixTicks(reset), remaining);
        }
    }

    /// <summary>A heartbeat read: the instances alive now (at <paramref name="localNow"/>).</summary>
    public void ObserveFleet(IReadOnlyList<string> alive, DateTimeOffset localNow)
    {
        lock (_gate)
        {
            _planner.ObserveFleet(alive, localNow);
        }
    }

    /// <summary>A 429: nobody in the deployment sends to this endpoint before <paramref name="until"/> (AfterShip time).</summary>
    public async Task HoldOffAsync(DateTimeOffset until)
    {
        var end = BudgetTimeline.UnixTicks(until);
        var now = Now;
        lock (_gate)
        {
            _planner.HoldOff(end);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_options.StorageTimeout);
        try
        {
            await _store.HoldOffAsync(Timeline, Timeline.BlockOf(now), Timeline.BlockOf(end), _owner, timeout.Token);
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            // The other instances then learn of the window from their own 429 instead; this one holds off anyway.
            LogHoldOffNotShared(_logger, Timeline.Name, ex.GetType().Name);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task PumpAsync()
    {
        try
        {
            while (true)
            {
                int waiting;
                lock (_gate)
                {
                    _waiters.RemoveWhere(w => w.Task.IsCompleted);
                    waiting = _waiters.Count;
                    if (waiting == 0)
                    {
                        _pump = null;
                        if (_planner.HoldsSlots)
                        {
                            _release ??= Task.Run(ReleaseWhenIdleAsync, CancellationToken.None);
                        }

                        return;
                    }
                }

                var slot = await NextSlotAsync(waiting);
                await WaitUntilAsync(slot);
                lock (_gate)
                {
                    if (!_planner.Spend(slot, _usage.ForeignPerSecond(BudgetTimeline.FromUnixTicks(slot))))
                    {
                        continue;
                    }

                    while (_waiters.TryDequeue(out var waiter) && !waiter!.TrySetResult())
                    {
                        // Cancelled meanwhile: the slot goes to the next in line.
                    }
                }
            }
        }
        catch (Exception ex)
        {
            // Nothing may wait forever on a pump that has stopped: its callers fail (and are retried by their queue),
            // and the next caller starts a new pump.
            List<Waiter> orphans = [];
            lock (_gate)
            {
                _pump = null;
                while (_waiters.TryDequeue(out var waiter))
                {
                    orphans.Add(waiter!);
                }
            }

            foreach (var waiter in orphans)
            {
                if (_stopping.IsCancellationRequested)
                {
                    waiter.TrySetCanceled();
                }
                else
                {
                    waiter.TrySetException(ex);
                }
            }
        }
    }

    private async Task<long> NextSlotAsync(int waiting)
    {
        while (true)
        {
            Task<bool>? claim;
            DateTimeOffset? waitUntil;
            lock (_gate)
            {
                var decision = _planner.Next(Now, _clock.LocalNow, waiting);
                if (decision.Claim is { } request && _claiming is null)
                {
                    _claiming = StartClaim(request);
                }

                if (decision.Slot is { } slot)
                {
                    return slot;
                }

                (claim, waitUntil) = (_claiming, decision.WaitUntil);
            }

            if (claim is null)
            {
                // Storage cannot be reached and the fleet is unknown: nothing to send on until the next try.
                var left = (waitUntil ?? _clock.LocalNow) - _clock.LocalNow;
                await Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.FromTicks(Timeline.Interval), _time, _stopping.Token);
            }
            else if (!await claim)
            {
                // Every block tried was taken: the next ones will be free once the others' claims are known.
                await Task.Delay(TimeSpan.FromTicks(Timeline.Interval), _time, _stopping.Token);
            }
        }
    }

    /// <summary>Runs a claim, clearing <see cref="_claiming"/> when it ends (started under the gate).</summary>
    private Task<bool> StartClaim(ClaimRequest request)
        => Task.Run(
            async () =>
            {
                try
                {
                    return await ClaimAsync(request);
                }
                finally
                {
                    lock (_gate)
                    {
                        _claiming = null;
                    }
                }
            },
            CancellationToken.None);

    /// <summary>
    /// Claims the next free block, trying again with twice the time while storage is slow or failing, and only then
    /// runs degraded (true: ask the planner again); false when every block tried was taken.
    /// </summary>
    private async Task<bool> ClaimAsync(ClaimRequest request)
    {
        Exception? failure = null;
        var lead = TimeSpan.Zero;
        for (var attempt = 0; attempt < _options.ClaimAttempts; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(_options.StorageTimeout * (1 << attempt));
            try
            {
                // The fleet is known before the first claim, so a claim that fails can degrade to this instance's share.
                await _fleetSeen.WaitAsync(timeout.Token);
                // Storage that took the last attempt's whole time answers this one no sooner: claim the slots due by then.
                return await ClaimOnceAsync(attempt == 0 ? request : request with { Now = Now + lead.Ticks }, timeout.Token);
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                failure = ex;
                lead = _options.StorageTimeout * (1 << attempt);
                LogClaimAttemptFailed(_logger, Timeline.Name, attempt + 1, ex);
            }
        }

        // A claim made on the last attempt that storage took but never answered may reach that far ahead.
        StorageFailed(failure!, Now + lead.Ticks);
        return true;
    }

    /// <summary>One attempt: claims the next free block (looking at the table first when due); false when none could be had.</summary>
    private async Task<bool> ClaimOnceAsync(ClaimRequest request, CancellationToken cancellationToken)
    {
        var now = request.Now;

        // A call that has no slot in hand waits for this claim, so the look that is due comes after it (the claim
        // itself fails on any block another instance holds or has held off); a claim made ahead of need looks first.
        var lookAfter = request.Look && !request.Prefetch;
        if (request.Look && request.Prefetch)
        {
            await LookAsync(Timeline.BlockOf(now), cancellationToken);
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            long candidate;
            bool nextFree;
            lock (_gate)
            {
                (candidate, nextFree) = _planner.Candidate(now);
                if (!_planner.WithinHorizon(candidate, now))
                {
                    return false;
                }
            }

            var plan = Timeline.PlanClaim(candidate, now, nextFree && RateBudgetStore.InOneTable(Timeline, candidate, candidate + 1));
            if (await _store.TryClaimAsync(Timeline, candidate, plan.Blocks, _owner, cancellationToken) is { } etags)
            {
                lock (_gate)
                {
                    _planner.Claimed(candidate, plan, [.. etags.Select(e => e.ToString())], now);
                }

                Recovered();
                if (lookAfter)
                {
                    _ = LookQuietlyAsync(Timeline.BlockOf(now));
                }

                return true;
            }

            lock (_gate)
            {
                _planner.Refused(candidate);
            }

            await LookAsync(Timeline.BlockOf(now), cancellationToken);
        }

        Recovered();
        return false;
    }

    /// <summary>A look that nobody waits for: a failure only leaves the picture of the table as it was.</summary>
    private async Task LookQuietlyAsync(long from)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(_options.StorageTimeout);
            await LookAsync(from, timeout.Token);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException)
        {
            // The next claim looks again, or learns of a taken block from its own conflict.
        }
    }

    private async Task LookAsync(long from, CancellationToken cancellationToken)
    {
        var taken = await _store.ReadAheadAsync(Timeline, from, BudgetPlanner.ReadAheadBlocks, cancellationToken);
        lock (_gate)
        {
            _planner.Looked(from, taken, _clock.LocalNow);
        }
    }

    /// <summary>
    /// Gives back the blocks still holding unused slots once nobody has waited for a moment, so another instance
    /// can spend them instead of claiming further ahead. Best effort: a failed release only leaves slots unused.
    /// </summary>
    private async Task ReleaseWhenIdleAsync()
    {
        try
        {
            await Task.Delay(ReleaseDelay, _time, _stopping.Token);
            IReadOnlyList<(long Block, string Claim)> blocks;
            lock (_gate)
            {
                if (_pump is not null)
                {
                    return;
                }

                blocks = _planner.ReleaseIdle(Now);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(_options.StorageTimeout);
            foreach (var (block, claim) in blocks)
            {
                await _store.ReleaseAsync(Timeline, block, new ETag(claim), timeout.Token);
            }
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException)
        {
            // Unused slots simply go unused.
        }
        finally
        {
            lock (_gate)
            {
                _release = null;
            }
        }
    }

    private async Task WaitUntilAsync(long slot)
    {
        while (true)
        {
            var left = BudgetTimeline.FromUnixTicks(slot) - _clock.Now;
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            // Timers count whole milliseconds, so round up and check again.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)), _time, _stopping.Token);
        }
    }

    private void StorageFailed(Exception ex, long failingSince)
    {
        bool degraded, entering;
        double rate;
        int instances;
        lock (_gate)
        {
            (degraded, entering) = _planner.StorageFailed(failingSince, _clock.LocalNow, _options.DegradedRetryInterval);
            (rate, instances) = (_planner.DegradedRate, _planner.Instances);
        }

        if (entering && degraded)
        {
            LogDegraded(_logger, Timeline.Name, ex.GetType().Name, rate, instances);
        }
        else if (entering)
        {
            LogUnreachable(_logger, Timeline.Name, ex.GetType().Name);
        }
    }

    private void Recovered()
    {
        bool leaving;
        lock (_gate)
        {
            // Another instance degraded by the same outage may send on its share until its own retry.
            leaving = _planner.Recovered(_clock.LocalNow, _options.DegradedRetryInterval + _options.StorageTimeout);
        }

        if (leaving)
        {
            LogRecovered(_logger, Timeline.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AfterShip rate budget for {Endpoint} is running degraded: coordination storage failed ({Exception}); sending at {Rate:0.##}/s locally (its share of the limit among the {Instances} instance(s) seen at most lately)")]
    private static partial void LogDegraded(ILogger logger, string endpoint, string exception, double rate, int instances);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AfterShip rate budget for {Endpoint} cannot reach coordination storage ({Exception}) and has not yet seen how many instances share the limit; sending nothing until storage answers")]
    private static partial void LogUnreachable(ILogger logger, string endpoint, string exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "AfterShip rate budget for {Endpoint}: claim attempt {Attempt} failed")]
    private static partial void LogClaimAttemptFailed(ILogger logger, string endpoint, int attempt, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "AfterShip rate budget for {Endpoint} is shared through storage again")]
    private static partial void LogRecovered(ILogger logger, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AfterShip rate budget for {Endpoint} could not publish a hold-off ({Exception}); other instances learn of the full window from their own 429")]
    private static partial void LogHoldOffNotShared(ILogger logger, string endpoint, string exception);

    private sealed class Waiter() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
}
