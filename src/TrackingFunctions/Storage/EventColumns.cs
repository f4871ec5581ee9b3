using System.Globalization;

namespace TrackingFunctions.Storage;

/// <summary>
/// Row keys and property names of webhook events in a tracking's partition. Each event has two rows: a marker
/// keyed by event id (inserting it is the duplicate check) and the event itself keyed by inverted event time, so a
/// partition range query lists events newest first.
/// </summary>
internal static class EventColumns
{
    public const string MarkerPrefix = "eventid|";
    public const string EventPrefix = "event|";

    /// <summary>The first character after '|', so [EventPrefix, EventRangeEnd) covers every event row.</summary>
    public const string EventRangeEnd = "event}";

    public const string EventId = "EventId";
    public const string EventType = "EventType";
    public const string Ts = "Ts";
    public const string ReceivedAt = "ReceivedAt";
    public const string IsTrackingFirstTag = "IsTrackingFirstTag";
    public const string Applied = "Applied";
    public const string EventRowKey = "EventRowKey";

    public static string MarkerRowKey(string eventId) => MarkerPrefix + TableKey.Encode(eventId);

    public static string EventRowKeyFor(WebhookEventRecord record)
    {
        var at = record.Ts is { } ts && ts > 0 && ts < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(ts)
            : record.ReceivedAt;
        var inverted = DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks;
        return EventPrefix + inverted.ToString("D19", CultureInfo.InvariantCulture) + "|" + TableKey.Encode(record.EventId);
    }
}
