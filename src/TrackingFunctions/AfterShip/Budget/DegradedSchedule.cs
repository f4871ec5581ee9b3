namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// The slots an instance sends on while it cannot reach storage: the shared grid's slots whose number is its rank
/// modulo the instances it divides the limit by, so instances that agree on the fleet never send on the same slot
/// and any 1-second window still holds at most the limit; and never more in one of AfterShip's windows than its share
/// of what the last response said was left there (<c>X-RateLimit-Remaining</c>).
/// </summary>
internal sealed class DegradedSchedule(BudgetTimeline timeline)
{
    private readonly Queue<long> _handedOut = new();
    private long _last = long.MinValue;
    private (long WindowEnd, long Counted, int Remaining)? _seen;

    /// <summary>Whether a slot (Unix ticks) belongs to <paramref name="rank"/> among <paramref name="instances"/>.</summary>
    public bool IsOurs(long slot, int instances, int rank)
        => Mod(slot / timeline.Interval, instances) == Mod(rank, instances);

    /// <summary>The next slot (Unix ticks, AfterShip time) at or after <paramref name="now"/> this instance may send on.</summary>
    public long Next(long now, int instances, int rank)
    {
        var from = Math.Max(now, _last + 1);
        while (true)
        {
            var first = CeilDiv(from, timeline.Interval);
            var slot = (first + Mod(rank - first, instances)) * timeline.Interval;
            var windowEnd = WindowEnd(slot);
            if (_seen is { } seen && seen.WindowEnd == windowEnd && HandedOutAfter(seen.Counted) >= seen.Remaining / instances)
            {
                // Our share of what AfterShip said was left in this window is spent: the next window then.
                from = windowEnd;
                continue;
            }

            _last = slot;
            _handedOut.Enqueue(slot);
            while (_handedOut.Peek() < slot - (2 * TimeSpan.TicksPerSecond))
            {
                _handedOut.Dequeue();
            }

            return slot;
        }
    }

    /// <summary>
    /// A response's <c>X-RateLimit-Remaining</c>: <paramref name="remaining"/> left in the window ending at
    /// <paramref name="windowEnd"/> when the request was counted at <paramref name="counted"/> (Unix ticks).
    /// </summary>
    public void Observe(long counted, long windowEnd, int remaining)
    {
        if (_seen is not { } seen || windowEnd > seen.WindowEnd || (windowEnd == seen.WindowEnd && counted >= seen.Counted))
        {
            _seen = (windowEnd, counted, remaining);
        }
    }

    /// <summary>The end (Unix ticks) of AfterShip's 1-second window holding an instant.</summary>
    public static long WindowEnd(long unixTicks) => (FloorDiv(unixTicks, TimeSpan.TicksPerSecond) + 1) * TimeSpan.TicksPerSecond;

    private int HandedOutAfter(long counted) => _handedOut.Count(s => s > counted);

    private static long Mod(long a, long n) => ((a % n) + n) % n;

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);
}
