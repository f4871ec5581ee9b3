namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// This instance's estimate of AfterShip's clock. AfterShip counts its 1-second windows on its own clock, and
/// instances' clocks differ, so slots are scheduled on AfterShip time: every response's <c>X-RateLimit-Reset</c>
/// (the end of the window that request was counted in) bounds the offset between the two clocks.
/// </summary>
/// <remarks>
/// A response sent at local time <c>s</c> and received at <c>r</c> with reset <c>R</c> was counted in [R − 1 s, R),
/// somewhere between <c>s</c> and <c>r</c>: so the offset (AfterShip − local) lies in (R − 1 s − r, R − s]. The
/// intersection over many responses narrows to about the round trip. Until it is narrower than
/// <see cref="Precise"/> the local clock is trusted, moved only as far as the bounds prove it wrong.
/// </remarks>
internal sealed class AfterShipClock(TimeProvider timeProvider)
{
    /// <summary>Bounds this close together are good enough to use their midpoint.</summary>
    public static readonly TimeSpan Precise = TimeSpan.FromMilliseconds(100);

    /// <summary>Bounds older than this are dropped, so a stepped clock cannot leave a stale offset behind.</summary>
    private static readonly TimeSpan Renewal = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private long _lower = long.MinValue;
    private long _upper = long.MaxValue;
    private DateTimeOffset _since;

    /// <summary>The local clock's time (the instance's own).</summary>
    public DateTimeOffset LocalNow => timeProvider.GetUtcNow();

    /// <summary>AfterShip's estimated time now.</summary>
    public DateTimeOffset Now => LocalNow + Offset;

    /// <summary>AfterShip time minus local time.</summary>
    public TimeSpan Offset
    {
        get
        {
            lock (_gate)
            {
                if (_lower == long.MinValue)
                {
                    return TimeSpan.Zero;
                }

                return _upper - _lower <= Precise.Ticks
                    ? TimeSpan.FromTicks(_lower + ((_upper - _lower) / 2))
                    : TimeSpan.FromTicks(Math.Clamp(0, _lower, _upper));
            }
        }
    }

    /// <summary>Learns from one response: sent and received on the local clock, with its reset (Unix seconds).</summary>
    public void Observe(DateTimeOffset sent, DateTimeOffset received, DateTimeOffset reset)
    {
        var lower = (reset - TimeSpan.FromSeconds(1) - received).Ticks;
        var upper = (reset - sent).Ticks;
        if (upper < lower)
        {
            return;
        }

        lock (_gate)
        {
            var fresh = _lower == long.MinValue || received - _since > Renewal;
            var lo = Math.Max(_lower, lower);
            var hi = Math.Min(_upper, upper);
            if (fresh || lo > hi)
            {
                // First sight, time to renew, or a contradiction (a clock was stepped): start again from this response.
                (_lower, _upper, _since) = (lower, upper, received);
                return;
            }

            (_lower, _upper) = (lo, hi);
        }
    }
}
