using System.Diagnostics.Metrics;
using TrackingFunctions.Telemetry;

namespace TrackingFunctions.Subscriptions;

/// <summary>The signed-webhook instruments, on the app's meter (<see cref="TrackingMetrics.MeterName"/>).</summary>
public sealed class SubscriptionMetrics : IDisposable
{
    /// <summary>Delivery attempts, tag <c>outcome</c> (succeeded, failed, timed_out, refused, gone).</summary>
    public const string AttemptsInstrument = "trackingfunctions.subscriptions.attempts";

    /// <summary>Deliveries kept as dead letters after the schedule ran out (or the subscription was disabled).</summary>
    public const string DeadLettersInstrument = "trackingfunctions.subscriptions.dead_letters";

    /// <summary>Subscriptions disabled by the app, tag <c>reason</c> (gone, failing). The alert reads it.</summary>
    public const string DisabledInstrument = "trackingfunctions.subscriptions.disabled";

    /// <summary>Milliseconds from the event's commit to the receiver's 2xx.</summary>
    public const string LatencyInstrument = "trackingfunctions.subscriptions.latency";

    private readonly Meter _meter;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _disabled;
    private readonly Histogram<double> _latency;

    public SubscriptionMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(TrackingMetrics.MeterName);
        _attempts = _meter.CreateCounter<long>(AttemptsInstrument, description: "Signed webhook delivery attempts by outcome.");
        _deadLetters = _meter.CreateCounter<long>(DeadLettersInstrument, description: "Signed webhook deliveries kept as dead letters.");
        _disabled = _meter.CreateCounter<long>(DisabledInstrument, description: "Subscriptions disabled by the app, by reason.");
        _latency = _meter.CreateHistogram<double>(LatencyInstrument, unit: "ms", description: "Commit to the receiver's 2xx.");
    }

    public void Attempt(string outcome) => _attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void DeadLettered() => _deadLetters.Add(1);

    public void Disabled(string reason) => _disabled.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Delivered(TimeSpan sinceCommit) => _latency.Record(sinceCommit.TotalMilliseconds);

    public void Dispose() => _meter.Dispose();
}
