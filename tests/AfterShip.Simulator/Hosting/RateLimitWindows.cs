namespace AfterShip.Simulator.Hosting;

/// <summary>The rate-limit verdict and the values of the three <c>X-RateLimit-*</c> headers.</summary>
internal readonly record struct RateLimitState(int Limit, int Remaining, long ResetUnixSeconds, bool Exceeded);

/// <summary>
/// Per-endpoint counters over fixed 1-second windows aligned to whole Unix seconds, which is what AfterShip's
/// <c>X-RateLimit-Reset</c> (a Unix timestamp in seconds) implies. Always real wall-clock time, never the configured
/// TimeProvider: the clients being rate-limited run in real time.
/// </summary>
internal sealed class RateLimitWindows(SimulatorOptions options)
{
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Counts one request against <paramref name="endpoint"/>'s current window.</summary>
    public RateLimitState Hit(string endpoint) => Observe(endpoint, count: true);

    /// <summary>The current window's state without counting (for responses to requests that fail authentication).</summary>
    public RateLimitState Peek(string endpoint) => Observe(endpoint, count: false);

    public static RateLimitState Exhausted(int limit) =>
        new(limit, 0, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1, Exceeded: true);

    public int LimitFor(string endpoint) => endpoint switch
    {
        EndpointKeys.CreateTracking => options.CreateLimit,
        EndpointKeys.ListTrackings => options.ListLimit,
        EndpointKeys.DetectCourier => options.DetectLimit,
        _ => options.SingleLimit,
    };

    private RateLimitState Observe(string endpoint, bool count)
    {
        var second = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var limit = LimitFor(endpoint);
        lock (_gate)
        {
            if (!_windows.TryGetValue(endpoint, out var window) || window.Second != second)
            {
                window = new Window(second, 0);
            }

            if (count)
            {
                window = window with { Count = window.Count + 1 };
            }

            _windows[endpoint] = window;
            var exceeded = window.Count > limit;
            return new RateLimitState(limit, Math.Max(0, limit - window.Count), second + 1, exceeded && options.EnforceRateLimits);
        }
    }

    private readonly record struct Window(long Second, int Count);
}
