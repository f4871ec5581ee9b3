using System.Diagnostics.Metrics;
using TrackingFunctions.Webhooks;

namespace TrackingFunctions.Telemetry;

/// <summary>
/// The app's own metrics, on meter <see cref="MeterName"/>; AfterShip calls, 429s and retries by endpoint are on
/// <see cref="AfterShip.Http.AfterShipCallMetrics.MeterName"/>. Instrument names are <c>trackingfunctions.*</c>, tags are
/// snake_case. Metrics are aggregated in process and exported once a minute, so, unlike traces, they are never sampled:
/// the alerts read them.
/// </summary>
public sealed class TrackingMetrics : IDisposable
{
    public const string MeterName = "TrackingFunctions";

    /// <summary>Webhook deliveries, tag <c>outcome</c> (<see cref="WebhookOutcome"/>).</summary>
    public const string WebhooksInstrument = "trackingfunctions.webhooks";

    /// <summary>Recorded command outcomes, tags <c>action</c> and <c>outcome</c> (succeeded, failed, retrying, dead_lettered).</summary>
    public const string CommandsInstrument = "trackingfunctions.commands";

    /// <summary>Commands moved to the DeadLetters table. No tags, so a metric alert needs no custom-metric dimensions.</summary>
    public const string DeadLettersInstrument = "trackingfunctions.dead_letters";

    /// <summary>Seconds the oldest due tracking had been waiting when a refresh run started (0 when none was due).</summary>
    public const string RefreshLagInstrument = "trackingfunctions.refresh.lag";

    /// <summary>Trackings an import has read from AfterShip and written (counted as the import goes).</summary>
    public const string ImportTrackingsInstrument = "trackingfunctions.import.trackings";

    public const string AttentionInstrument = "trackingfunctions.attention";

    private readonly Meter _meter;
    private readonly Counter<long> _webhooks;
    private readonly Counter<long> _commands;
    private readonly Counter<long> _deadLetters;
    private readonly Gauge<double> _refreshLag;
    private readonly Counter<long> _importTrackings;
    private readonly Counter<long> _attention;

    public TrackingMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _webhooks = _meter.CreateCounter<long>(WebhooksInstrument, description: "Webhook deliveries by outcome.");
        _commands = _meter.CreateCounter<long>(CommandsInstrument, description: "Tracking command outcomes by action and outcome.");
        _deadLetters = _meter.CreateCounter<long>(DeadLettersInstrument, description: "Commands dead-lettered after every retry.");
        _refreshLag = _meter.CreateGauge<double>(RefreshLagInstrument, unit: "s", description: "Age of the oldest due tracking at the start of a refresh run.");
        _importTrackings = _meter.CreateCounter<long>(ImportTrackingsInstrument, description: "Trackings imported from AfterShip.");
        _attention = _meter.CreateCounter<long>(AttentionInstrument, description: "Attention events raised, by cause.");
    }

    public void Webhook(WebhookReceipt receipt) => _webhooks.Add(1, new KeyValuePair<string, object?>("outcome", WebhookOutcome(receipt)));

    public void Command(string? action, string status) => _commands.Add(
        1,
        new KeyValuePair<string, object?>("action", action ?? "unknown"),
        new KeyValuePair<string, object?>("outcome", status));

    public void DeadLettered(string? action)
    {
        Command(action, Commands.CommandStatus.DeadLettered);
        _deadLetters.Add(1);
    }

    public void RefreshLag(TimeSpan lag) => _refreshLag.Record(Math.Max(0, lag.TotalSeconds));

    /// <summary>For the import: add the trackings it has just stored (call once per page, with the page's count).</summary>
    public void ImportProgress(long trackings) => _importTrackings.Add(trackings);

    /// <summary>One attention event committed (to the outbox) for <paramref name="cause"/>.</summary>
    public void AttentionRaised(string cause) => _attention.Add(1, new KeyValuePair<string, object?>("cause", cause));

    public void Dispose() => _meter.Dispose();

    /// <summary>The <c>outcome</c> tag of a webhook receipt.</summary>
    public static string WebhookOutcome(WebhookReceipt receipt) => receipt switch
    {
        WebhookReceipt.Stored => "stored",
        WebhookReceipt.StoredStale => "stored_stale",
        WebhookReceipt.Duplicate => "duplicate",
        WebhookReceipt.Quarantined => "quarantined",
        WebhookReceipt.Unauthorized => "unauthorized",
        WebhookReceipt.TooLarge => "too_large",
        _ => "storage_unavailable",
    };
}
