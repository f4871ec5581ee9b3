using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.AfterShip.Http;

/// <summary>
/// One token bucket per AfterShip endpoint, shared by every call in this process (a singleton), so concurrent
/// queue invocations and the refresh job together stay inside each endpoint's limit.
/// </summary>
/// <remarks>
/// Each bucket holds a single token refilled every 1/rate seconds: requests go out evenly spaced instead of in
/// bursts, which is what keeps a fixed 1-second window on AfterShip's side from ever seeing more than the limit.
/// The buckets refill on the wall clock (System.Threading.RateLimiting measures elapsed time itself), which is
/// also the clock AfterShip counts its windows on.
/// </remarks>
public sealed class AfterShipRateLimiters : IDisposable
{
    private readonly Dictionary<AfterShipEndpoint, Bucket> _buckets;

    public AfterShipRateLimiters(IOptions<AfterShipOptions> options)
    {
        var value = options.Value;
        _buckets = Enum.GetValues<AfterShipEndpoint>().ToDictionary(
            endpoint => endpoint,
            endpoint => new Bucket(EffectiveRate(value, endpoint)));
    }

    /// <summary>Requests per second actually allowed for an endpoint: its limit less the headroom.</summary>
    public static double EffectiveRate(AfterShipOptions options, AfterShipEndpoint endpoint)
        => options.RateLimits.For(endpoint) * (1 - options.RateLimitHeadroom);

    /// <summary>The time between two requests to the endpoint.</summary>
    public TimeSpan Interval(AfterShipEndpoint endpoint) => _buckets[endpoint].Interval;

    /// <summary>Waits for a permit to call the endpoint. Honours cancellation while queued.</summary>
    public ValueTask<RateLimitLease> AcquireAsync(AfterShipEndpoint endpoint, CancellationToken cancellationToken)
        => _buckets[endpoint].Limiter.AcquireAsync(1, cancellationToken);

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.Dispose();
        }
    }

    private sealed class Bucket : IDisposable
    {
        public Bucket(double perSecond)
        {
            Interval = TimeSpan.FromTicks((long)Math.Ceiling(TimeSpan.TicksPerSecond / perSecond));
            Limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = 1,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = Interval,
                AutoReplenishment = true,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        }

        public TimeSpan Interval { get; }

        public TokenBucketRateLimiter Limiter { get; }

        public void Dispose() => Limiter.Dispose();
    }
}
