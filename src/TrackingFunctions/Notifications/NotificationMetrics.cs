using System.Diagnostics.Metrics;
using TrackingFunctions.Telemetry;

namespace TrackingFunctions.Notifications;

/// <summary>Milestone emails by <c>milestone</c> and <c>outcome</c> (a final <see cref="NotificationState"/>, or <c>retrying</c>), on the app's meter.</summary>
public sealed class NotificationMetrics
{
    public const string Instrument = "trackingfunctions.notifications";

    private readonly Counter<long> _notifications;

    public NotificationMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _notifications = meterFactory.Create(TrackingMetrics.MeterName).CreateCounter<long>(Instrument, description: "Shopper milestone emails by milestone and outcome.");
    }

    public void Outcome(string milestone, string outcome) => _notifications.Add(
        1,
        new KeyValuePair<string, object?>("milestone", milestone),
        new KeyValuePair<string, object?>("outcome", outcome));
}
