using Azure;
using Microsoft.Extensions.Logging;

namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// One endpoint's share of the deployment-wide budget in this instance: claims blocks of slots in storage when
/// callers wait, hands each slot to one caller at its due time (AfterShip's clock), by priority; holds off after a
/// 429 anywhere; leaves slots unused for another user of the same key; and when storage fails, sends at the limit
/// divided by the instances it last saw, until storage answers again.
/// </summary>
internal sealed partial class EndpointBudget : IDisposable
{
    /// <summary>How far one look at the table reaches, in blocks.</summary>
    private const int ReadAheadBlocks = 64;

    /// <summary>How often a busy instance looks at the table for hold-offs and for the other instances' claims.</summary>
    private static readonly TimeSpan LookInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a pump with no callers left keeps its claimed future blocks before giving them back.</summary>
    private static readonly TimeSpan ReleaseDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>How long an instance seen claiming counts towards the instances degraded mode divides the limit by.</summary>
    private static readonly TimeSpan OwnerMemory = TimeSpan.FromMinutes(1);

    private readonly BudgetTimeline _timeline;
    private readonly RateBudgetStore _store;
    private readonly AfterShipClock _clock;
    private readonly TimeProvider _time;
    private readonly RateBudgetOptions _options;
    private readonly ILogger _logger;
    private readonly string _owner;
    private readonly double _limit;
    private readonly double _headroom;
    private readonly SharedKeyUsage _usage = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly PriorityWaiters<Waiter> _waiters = new();
    private readonly PriorityQueue<long, long> _slots = new();
    private readonly Dictionary<long, ETag> _claims = [];
    private HashSet<long> _knownTaken = [];
    private long _nextBlock;
    private long _holdUntil;
    private double _skipCredit;
    private Task? _pump;
    private Task<bool>? _claiming;
    private Task? _release;
    private readonly Dictionary<string, DateTimeOffset> _owners = new(StringComparer.Ordinal);
    private DateTimeOffset? _degradedUntil;
    private DateTimeOffset _lastLook;
    private long _lastLocalSlot;
    private long _leftUnused;
    private int _instances = 1;

    public EndpointBudget(BudgetTimeline timeline, double limit, double headroom, RateBudgetStore store, AfterShipClock clock, TimeProvider time, RateBudgetOptions options, ILogger logger, string owner)
    {
        (_timeline, _limit, _headroom, _store, _clock, _time, _options, _logger, _owner) = (timeline, limit, headroom, store, clock, time, options, logger, owner);
    }

    /// <summary>Whether the endpoint currently sends at its degraded local rate.</summary>
    public bool IsDegraded
    {
        get
        {
            lock (_gate)
            {
                return _degradedUntil is not null;
            }
        }
    }

    /// <summary>The instances this one last saw claiming the endpoint, itself included.</summary>
    public int KnownInstances
    {
        get
        {
            lock (_gate)
            {
                return _instances;
            }
        }
    }

    public BudgetTimeline Timeline => _timeline;

    public SharedKeyUsage Usage => _usage;

    /// <summary>Our slots per second, before any are left to another user.</summary>
    private double OurRate => (double)TimeSpan.TicksPerSecond / _timeline.Interval;

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
            skip = SharedKeyUsage.SkipShare(_limit, _headroom, OurRate, _usage.ForeignPerSecond(counted));
        }

        var ours = _timeline.SlotsBetween(windowStart, BudgetTimeline.UnixTicks(counted)) * (1 - skip);
        _usage.Observe(counted, reset, limit, remaining, ours);
    }

    /// <summary>A 429: nobody in the deployment sends to this endpoint before <paramref name="until"/> (AfterShip time).</summary>
    public async Task HoldOffAsync(DateTimeOffset until)
    {
        var end = BudgetTimeline.UnixTicks(until);
        var now = Now;
        lock (_gate)
        {
            _holdUntil = Math.Max(_holdUntil, end);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_options.StorageTimeout);
        try
        {
            await _store.HoldOffAsync(_timeline, _timeline.BlockOf(now), _timeline.BlockOf(end), _owner, timeout.Token);
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            // The other instances then learn of the window from their own 429 instead; this one holds off anyway.
            LogHoldOffNotShared(_logger, _timeline.Name, ex.GetType().Name);
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
                        if (_slots.Count > 0)
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
                    if (slot < _holdUntil)
                    {
                        continue;
                    }

                    _skipCredit += SharedKeyUsage.SkipShare(_limit, _headroom, OurRate, _usage.ForeignPerSecond(BudgetTimeline.FromUnixTicks(slot)));
                    if (_skipCredit >= 1)
                    {
                        _skipCredit -= 1;
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
            var now = Now;
            Task<bool> claim;
            lock (_gate)
            {
                while (_slots.Count > 0 && _slots.Peek() < now - _timeline.Interval)
                {
                    // Due a whole interval ago (storage was slow, the host busy, or nobody waited): sent now it would
                    // crowd the next slot, so it goes unused. Later by less, it still goes: the headroom absorbs that.
                    _slots.Dequeue();
                }

                var degraded = _degradedUntil is { } until && _clock.LocalNow < until;
                if (!degraded && waiting > _slots.Count && _slots.Count <= _timeline.SlotsPerBlock / 2)
                {
                    // Claim the next block while this one is still being spent, so a storage round trip (slow on a
                    // busy host) does not leave slots unused.
                    StartClaim(now);
                }

                if (_slots.Count > 0)
                {
                    return _slots.Dequeue();
                }

                if (degraded)
                {
                    return NextLocalSlot(now);
                }

                claim = StartClaim(now);
            }

            if (!await claim)
            {
                // Every block tried was taken: the next ones will be free once the others' claims are known.
                await Task.Delay(TimeSpan.FromTicks(_timeline.Interval), _time, _stopping.Token);
            }
        }
    }

    /// <summary>Starts a claim unless one is in flight (call under the gate).</summary>
    private Task<bool> StartClaim(long now)
    {
        if (_claiming is null)
        {
            var look = _clock.LocalNow - _lastLook >= LookInterval;
            var prefetch = _slots.Count > 0;
            _claiming = Task.Run(
                async () =>
                {
                    try
                    {
                        return await ClaimAsync(now, look, prefetch);
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
        }

        return _claiming;
    }

    /// <summary>Claims the next free block (looking at the table first when due); false when none could be had.</summary>
    private async Task<bool> ClaimAsync(long now, bool look, bool prefetch)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_options.StorageTimeout);
        try
        {
            // A call that has no slot in hand waits for this claim, so the look that is due comes after it (the claim
            // itself fails on any block another instance holds or has held off); a claim made ahead of need looks first.
            var lookAfter = look && !prefetch;
            if (look && prefetch)
            {
                await LookAsync(_timeline.BlockOf(now), timeout.Token);
            }

            for (var attempt = 0; attempt < 3; attempt++)
            {
                long candidate;
                bool nextFree;
                lock (_gate)
                {
                    candidate = Math.Max(_timeline.BlockOf(now), _nextBlock);
                    while (_knownTaken.Contains(candidate))
                    {
                        candidate++;
                    }

                    nextFree = !_knownTaken.Contains(candidate + 1);
                }

                var plan = _timeline.PlanClaim(candidate, now, nextFree && RateBudgetStore.InOneTable(_timeline, candidate, candidate + 1));
                if (await _store.TryClaimAsync(_timeline, candidate, plan.Blocks, _owner, timeout.Token) is { } etags)
                {
                    lock (_gate)
                    {
                        foreach (var slot in plan.Slots)
                        {
                            _slots.Enqueue(slot, slot);
                        }

                        for (var i = 0; i < plan.Blocks; i++)
                        {
                            _claims[candidate + i] = etags[i];
                        }

                        foreach (var spent in _claims.Keys.Where(b => b < _timeline.BlockOf(now)).ToList())
                        {
                            _claims.Remove(spent);
                        }

                        _leftUnused = Math.Max(_leftUnused, plan.LeftUnused ?? 0);
                        _nextBlock = candidate + plan.Blocks;
                    }

                    Recovered();
                    if (lookAfter)
                    {
                        _ = LookQuietlyAsync(_timeline.BlockOf(now));
                    }

                    return true;
                }

                lock (_gate)
                {
                    _nextBlock = Math.Max(_nextBlock, candidate);
                }

                await LookAsync(_timeline.BlockOf(now), timeout.Token);
            }

            Recovered();
            return false;
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            EnterDegraded(ex);
            return true;
        }
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
        var taken = await _store.ReadAheadAsync(_timeline, from, ReadAheadBlocks, cancellationToken);
        lock (_gate)
        {
            _lastLook = _clock.LocalNow;
            _knownTaken = [.. taken.Select(t => t.Block)];

            // Search from the first free block on: one another instance gave back may come before our last claim.
            _nextBlock = from;
            foreach (var hold in taken.Where(t => t.HoldOff))
            {
                _holdUntil = Math.Max(_holdUntil, _timeline.BlockStart(hold.Block + 1));
            }

            // Instances seen in the last minute, so a look that happens to see few claims does not shrink the count
            // that degraded mode divides the limit by.
            var now = _clock.LocalNow;
            foreach (var owner in taken.Select(t => t.Owner).Append(_owner))
            {
                _owners[owner] = now;
            }

            foreach (var stale in _owners.Where(o => now - o.Value > OwnerMemory).Select(o => o.Key).ToList())
            {
                _owners.Remove(stale);
            }

            _instances = Math.Max(1, _owners.Count);
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
            List<(long Block, ETag Claim)> blocks;
            lock (_gate)
            {
                if (_pump is not null)
                {
                    return;
                }

                // Only blocks still to come: the current one ends soon anyway, and a caller arriving before then uses it
                // without another claim.
                var now = Now;
                var unused = new HashSet<long>();
                var kept = new List<long>();
                while (_slots.TryDequeue(out var slot, out _))
                {
                    // A block holding the slot left unused after a late one stays ours until that slot has passed.
                    if (_timeline.BlockStart(_timeline.BlockOf(slot)) > Math.Max(now, _leftUnused))
                    {
                        unused.Add(_timeline.BlockOf(slot));
                    }
                    else
                    {
                        kept.Add(slot);
                    }
                }

                kept.ForEach(slot => _slots.Enqueue(slot, slot));
                blocks = [.. _claims.Where(c => unused.Contains(c.Key)).Select(c => (c.Key, c.Value))];
                blocks.ForEach(b => _claims.Remove(b.Block));
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(_options.StorageTimeout);
            foreach (var (block, claim) in blocks)
            {
                await _store.ReleaseAsync(_timeline, block, claim, timeout.Token);
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

    private long NextLocalSlot(long now)
    {
        var slot = Math.Max(now, _lastLocalSlot + (_timeline.Interval * _instances));
        _lastLocalSlot = slot;
        return slot;
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

    private void EnterDegraded(Exception ex)
    {
        bool entering;
        int instances;
        lock (_gate)
        {
            entering = _degradedUntil is null;
            _degradedUntil = _clock.LocalNow + _options.DegradedRetryInterval;
            instances = _instances;
        }

        if (entering)
        {
            LogDegraded(_logger, _timeline.Name, ex.GetType().Name, OurRate / instances, instances);
        }
    }

    private void Recovered()
    {
        bool leaving;
        lock (_gate)
        {
            leaving = _degradedUntil is not null;
            _degradedUntil = null;
        }

        if (leaving)
        {
            LogRecovered(_logger, _timeline.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AfterShip rate budget for {Endpoint} is running degraded: coordination storage failed ({Exception}); sending at {Rate:0.##}/s locally (the limit shared by the {Instances} instance(s) last seen)")]
    private static partial void LogDegraded(ILogger logger, string endpoint, string exception, double rate, int instances);

    [LoggerMessage(Level = LogLevel.Information, Message = "AfterShip rate budget for {Endpoint} is shared through storage again")]
    private static partial void LogRecovered(ILogger logger, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AfterShip rate budget for {Endpoint} could not publish a hold-off ({Exception}); other instances learn of the full window from their own 429")]
    private static partial void LogHoldOffNotShared(ILogger logger, string endpoint, string exception);

    private sealed class Waiter() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
}
