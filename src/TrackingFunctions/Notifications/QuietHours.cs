using System.Globalization;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Notifications;

/// <summary>The shop's quiet hours (<see cref="QuietHoursOptions"/>): when, if now is inside them, they end.</summary>
public sealed class QuietHours(IOptions<NotificationOptions> options)
{
    private readonly Lazy<(TimeOnly Start, TimeOnly End, TimeZoneInfo Zone)?> _window = new(() => Parse(options.Value.QuietHours));

    /// <summary>The end of the window <paramref name="now"/> falls in; null outside quiet hours (or without any).</summary>
    public DateTimeOffset? EndOf(DateTimeOffset now)
    {
        if (_window.Value is not var (start, end, zone))
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(now, zone);
        var clock = TimeOnly.FromDateTime(local.DateTime);
        var spansMidnight = end <= start;
        var inside = spansMidnight ? clock >= start || clock < end : clock >= start && clock < end;
        if (!inside)
        {
            return null;
        }

        var endDay = DateOnly.FromDateTime(local.DateTime);
        if (spansMidnight && clock >= start)
        {
            endDay = endDay.AddDays(1);
        }

        var endLocal = endDay.ToDateTime(end);

        // A local end time that a clock change skips is taken an hour later; an ambiguous one at its first occurrence.
        while (zone.IsInvalidTime(endLocal))
        {
            endLocal = endLocal.AddHours(1);
        }

        return new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal));
    }

    /// <summary>The window, or null when none is set; throws <see cref="FormatException"/> or <see cref="TimeZoneNotFoundException"/> on bad settings.</summary>
    public static (TimeOnly Start, TimeOnly End, TimeZoneInfo Zone)? Parse(QuietHoursOptions quiet)
    {
        ArgumentNullException.ThrowIfNull(quiet);
        if (string.IsNullOrWhiteSpace(quiet.Start) && string.IsNullOrWhiteSpace(quiet.End))
        {
            return null;
        }

        var start = TimeOnly.ParseExact(quiet.Start.Trim(), "HH:mm", CultureInfo.InvariantCulture);
        var end = TimeOnly.ParseExact(quiet.End.Trim(), "HH:mm", CultureInfo.InvariantCulture);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(quiet.TimeZone) ? "UTC" : quiet.TimeZone.Trim());
        return start == end ? null : (start, end, zone);
    }
}
