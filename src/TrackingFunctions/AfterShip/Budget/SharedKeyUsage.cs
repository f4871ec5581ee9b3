namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// Estimates how much of an endpoint's limit something else spends with the same API key (another system, a
/// script), from <c>X-RateLimit-Remaining</c>: what AfterShip counted in a window, less what our own schedule put
/// there, is someone else's. The budget then skips that share of its slots.
/// </summary>
/// <remarks>
/// A sample early in a window says little, so only samples at least <see cref="MinimumWindowShare"/> into the window
/// count, scaled up to a whole second (front-loaded foreign bursts are overestimated, which errs on the safe side).
/// An estimate not renewed for <see cref="Expiry"/> lapses, so the budget recovers its full rate when the other
/// user stops.
/// </remarks>
internal sealed class SharedKeyUsage
{
    public const double MinimumWindowShare = 0.2;

    /// <summary>A skip never exceeds this share of the slots, so the budget always makes some progress.</summary>
    public const double MaximumSkip = 0.9;

    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(3);

    private readonly Lock _gate = new();
    private long _window = long.MinValue;
    private double _share;
    private double _perSecond;
    private DateTimeOffset _at;

    /// <summary>
    /// Takes one response into account.
    /// </summary>
    /// <param name="counted">When (AfterShip time) the request was counted, as near as we know.</param>
    /// <param name="reset">The response's X-RateLimit-Reset: the end of the window it was counted in.</param>
    /// <param name="limit">X-RateLimit-Limit.</param>
    /// <param name="remaining">X-RateLimit-Remaining.</param>
    /// <param name="ours">Our requests in that window up to <paramref name="counted"/>, by our schedule.</param>
    public void Observe(DateTimeOffset counted, DateTimeOffset reset, int limit, int remaining, double ours)
    {
        var windowStart = reset - TimeSpan.FromSeconds(1);
        var share = Math.Clamp((counted - windowStart).TotalSeconds, 0, 1);
        if (share < MinimumWindowShare)
        {
            return;
        }

        var foreign = Math.Max(0, limit - remaining - ours);
        var window = reset.ToUnixTimeSeconds();
        lock (_gate)
        {
            // Within a window the latest sample has seen the most of it; a newer window replaces an older one.
            if (window > _window || (window == _window && share >= _share))
            {
                (_window, _share, _perSecond, _at) = (window, share, Math.Min(limit, foreign / share), counted);
            }
        }
    }

    /// <summary>Requests per second someone else spends, as of <paramref name="now"/> (AfterShip time).</summary>
    public double ForeignPerSecond(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _window == long.MinValue || now - _at > Expiry ? 0 : _perSecond;
        }
    }

    /// <summary>The share of our slots to leave unused so that we and the other user together stay within the rate.</summary>
    public static double SkipShare(double limit, double headroom, double ourRate, double foreignPerSecond)
    {
        if (foreignPerSecond <= 0 || ourRate <= 0)
        {
            return 0;
        }

        var allowed = (limit - foreignPerSecond) * (1 - headroom);
        return Math.Clamp(1 - (allowed / ourRate), 0, MaximumSkip);
    }
}
