namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// Hands one budget's slots to its callers: queues them by priority, and while anyone waits takes the next slot
/// from the planner (starting the claims it asks for), waits for its due time (AfterShip's clock) and gives it to
/// the next caller in line. The pump stops when nobody is left and starts again with the next caller.
/// </summary>
/// <remarks>The planner is not thread-safe: every call to it is made under the budget's gate.</remarks>
internal sealed class SlotPump(Lock gate, BudgetPlanner planner, SharedKeyUsage usage, AfterShipClock clock, TimeProvider time, CancellationTokenSource stopping, BlockClaimer claimer, IdleBlockRelease release)
{
    private readonly PriorityWaiters<Waiter> _waiters = new();
    private Task? _pump;

    private BudgetTimeline Timeline => planner.Timeline;

    private long Now => BudgetTimeline.UnixTicks(clock.Now);

    /// <summary>Waits for a slot. Honours cancellation while waiting.</summary>
    public async ValueTask AcquireAsync(AfterShipPriority priority, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var waiter = new Waiter();
        await using var registration = cancellationToken.Register(static (state, token) => ((Waiter)state!).TrySetCanceled(token), waiter);
        lock (gate)
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
                lock (gate)
                {
                    _waiters.RemoveWhere(w => w.Task.IsCompleted);
                    waiting = _waiters.Count;
                    if (waiting == 0)
                    {
                        _pump = null;
                        if (planner.HoldsSlots)
                        {
                            release.Schedule(() => _pump is not null);
                        }

                        return;
                    }
                }

                var slot = await NextSlotAsync(waiting);
                await WaitUntilAsync(slot);
                lock (gate)
                {
                    if (!planner.Spend(slot, usage.ForeignPerSecond(BudgetTimeline.FromUnixTicks(slot))))
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
            lock (gate)
            {
                _pump = null;
                while (_waiters.TryDequeue(out var waiter))
                {
                    orphans.Add(waiter!);
                }
            }

            foreach (var waiter in orphans)
            {
                if (stopping.IsCancellationRequested)
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
            lock (gate)
            {
                var decision = planner.Next(Now, clock.LocalNow, waiting);
                claim = claimer.StartUnlessClaiming(decision.Claim);
                if (decision.Slot is { } slot)
                {
                    return slot;
                }

                waitUntil = decision.WaitUntil;
            }

            if (claim is null)
            {
                // Storage cannot be reached and the fleet is unknown: nothing to send on until the next try.
                var left = (waitUntil ?? clock.LocalNow) - clock.LocalNow;
                await Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.FromTicks(Timeline.Interval), time, stopping.Token);
            }
            else if (!await claim)
            {
                // Every block tried was taken: the next ones will be free once the others' claims are known.
                await Task.Delay(TimeSpan.FromTicks(Timeline.Interval), time, stopping.Token);
            }
        }
    }

    private async Task WaitUntilAsync(long slot)
    {
        while (true)
        {
            var left = BudgetTimeline.FromUnixTicks(slot) - clock.Now;
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            // Timers count whole milliseconds, so round up and check again.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)), time, stopping.Token);
        }
    }

    private sealed class Waiter() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
}
