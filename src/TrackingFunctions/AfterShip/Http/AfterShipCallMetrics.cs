using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace TrackingFunctions.AfterShip.Http;

/// <summary>
/// Counts AfterShip attempts, 429s and retries per endpoint, both as OpenTelemetry-style metrics and as in-process
/// totals that a job can snapshot before and after its run to report what it cost.
/// </summary>
public sealed class AfterShipCallMetrics : IDisposable
{
    public const string MeterName = "TrackingFunctions.AfterShip";

    private readonly Meter _meter;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _retries;
    private readonly ConcurrentDictionary<AfterShipEndpoint, long[]> _totals = new();

    public AfterShipCallMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _attempts = _meter.CreateCounter<long>("aftership.attempts", description: "HTTP attempts sent to AfterShip.");
        _rateLimited = _meter.CreateCounter<long>("aftership.rate_limited", description: "429 answers from AfterShip.");
        _retries = _meter.CreateCounter<long>("aftership.retries", description: "Retried AfterShip attempts.");
    }

    public void Attempt(AfterShipEndpoint endpoint) => Add(endpoint, 0, _attempts);

    public void RateLimited(AfterShipEndpoint endpoint) => Add(endpoint, 1, _rateLimited);

    public void Retry(AfterShipEndpoint endpoint) => Add(endpoint, 2, _retries);

    public AfterShipCallSnapshot Snapshot()
    {
        var byEndpoint = _totals.ToDictionary(pair => pair.Key, pair => Interlocked.Read(ref pair.Value[0]));
        return new AfterShipCallSnapshot(
            byEndpoint,
            _totals.Values.Sum(v => Interlocked.Read(ref v[1])),
            _totals.Values.Sum(v => Interlocked.Read(ref v[2])));
    }

    public void Dispose() => _meter.Dispose();

    private void Add(AfterShipEndpoint endpoint, int index, Counter<long> counter)
    {
        Interlocked.Increment(ref _totals.GetOrAdd(endpoint, static _ => new long[3])[index]);
        counter.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint.ToString()));
    }
}
