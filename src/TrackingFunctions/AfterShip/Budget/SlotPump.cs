namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// Hands one budget's slots to its callers: queues them by priority, and while anyone waits takes the next slot
/// from the planner (starting the claims it asks for), waits for its due time (AfterShip's clock) and gives it to
/// the next caller in line. The pump stops when nobody is left and starts again with the next caller.
/// </summary>
/// <remarks>The planner is not thread-safe: every call to it is made under the budget's gate.</remarks>
internal sealed class SlotPump
{
    private readonly Lock _gate;
    private readonly BudgetPlanner _planner;
    private readonly SharedKeyUsage _usage;
    private readonly AfterShipClock _clock;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping;
    private readonly BlockClaimer _claimer;
    private readonly IdleBlockRelease _release;
    private readonly PriorityWaiters<Waiter> _waiters = new();
    private Task? _pump;

    public SlotPump(Lock gate, BudgetPlanner planner, SharedKeyUsage usage, AfterShipClock clock, TimeProvider time, CancellationTokenSource stopping, BlockClaimer claimer, IdleBlockRelease release)
    {
        (_gate, _planner, _usage, _clock, _time, _stopping, _claimer, _release) = (gate, planner, usage, clock, time, stopping, claimer, release);
    }

    private BudgetTimeline Timeline => _planner.Timeline;

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
                            _release.Schedule(() => _pump is not null);
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
                claim = _claimer.StartUnlessClaiming(decision.Claim);
                if (decision.Slot is { } slot)
                {
                    return slot;
                }

                waitUntil = decision.WaitUntil;
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

    private sealed class Waiter() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
}
