using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.AfterShip.Http;

/// <summary>
/// One permit limiter per AfterShip endpoint, shared by every call in this process (a singleton), so concurrent
/// queue invocations and the refresh job together stay inside each endpoint's limit.
/// </summary>
/// <remarks>
/// Each endpoint hands out one permit at a time, every permit at least one interval (1/rate) after the previous one:
/// requests go out evenly spaced instead of in bursts, which is what keeps a fixed 1-second window on AfterShip's
/// side from ever seeing more than the limit. Nothing is banked while an endpoint is idle. (A one-token bucket is
/// not enough: its token, banked while idle, plus a refill that the bucket's own timer brings sooner than an interval
/// later, let two requests out almost together, so one AfterShip second could see limit + 1; its timer also rounds
/// the period down to whole milliseconds, so it ran slightly faster than the rate.) The spacing is measured on the
/// real monotonic clock, not the app's TimeProvider, because AfterShip counts its windows in real time.
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
            Limiter = new SpacedPermitLimiter(Interval);
        }

        public TimeSpan Interval { get; }

        public SpacedPermitLimiter Limiter { get; }

        public void Dispose() => Limiter.Dispose();
    }

    /// <summary>
    /// Grants single permits first come, first served, each no earlier than one interval after the permit before it.
    /// A caller reserves its slot on arrival and waits for it; a caller that cancels hands its slot back when nobody
    /// has reserved one after it (otherwise the slot goes unused, which is only ever slower than the rate).
    /// </summary>
    internal sealed class SpacedPermitLimiter(TimeSpan interval) : RateLimiter
    {
        private static readonly RateLimitLease Granted = new Lease(isAcquired: true);
        private static readonly RateLimitLease Refused = new Lease(isAcquired: false);

        private readonly long _interval = (long)Math.Ceiling(interval.Ticks * (double)Stopwatch.Frequency / TimeSpan.TicksPerSecond);
        private readonly Lock _gate = new();
        private long _nextSlot = Stopwatch.GetTimestamp();
        private long _waiting;
        private long _granted;
        private long _refused;

        public override TimeSpan? IdleDuration
        {
            get
            {
                lock (_gate)
                {
                    var now = Stopwatch.GetTimestamp();
                    return _waiting == 0 && now >= _nextSlot ? Stopwatch.GetElapsedTime(_nextSlot, now) : null;
                }
            }
        }

        public override RateLimiterStatistics? GetStatistics()
        {
            lock (_gate)
            {
                return new RateLimiterStatistics
                {
                    CurrentAvailablePermits = Stopwatch.GetTimestamp() >= _nextSlot ? 1 : 0,
                    CurrentQueuedCount = _waiting,
                    TotalSuccessfulLeases = _granted,
                    TotalFailedLeases = _refused,
                };
            }
        }

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(permitCount, 1);
            lock (_gate)
            {
                var now = Stopwatch.GetTimestamp();
                if (_waiting > 0 || now < _nextSlot)
                {
                    _refused++;
                    return Refused;
                }

                _nextSlot = now + _interval;
                _granted++;
                return Granted;
            }
        }

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(permitCount, 1);
            cancellationToken.ThrowIfCancellationRequested();
            long slot;
            lock (_gate)
            {
                slot = Math.Max(Stopwatch.GetTimestamp(), _nextSlot);
                _nextSlot = slot + _interval;
                _waiting++;
            }

            try
            {
                // Timers count whole (and possibly coarse) milliseconds, so wait until the precise clock says so.
                for (var left = slot - Stopwatch.GetTimestamp(); left > 0; left = slot - Stopwatch.GetTimestamp())
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left * 1000.0 / Stopwatch.Frequency)), cancellationToken);
                }

                lock (_gate)
                {
                    _waiting--;
                    _granted++;
                }

                return Granted;
            }
            catch (OperationCanceledException)
            {
                lock (_gate)
                {
                    _waiting--;
                    _refused++;
                    if (_nextSlot == slot + _interval)
                    {
                        _nextSlot = slot;
                    }
                }

                throw;
            }
        }

        private sealed class Lease(bool isAcquired) : RateLimitLease
        {
            public override bool IsAcquired { get; } = isAcquired;

            public override IEnumerable<string> MetadataNames => [];

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = null;
                return false;
            }
        }
    }
}
