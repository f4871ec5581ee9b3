using System.Globalization;

namespace TrackingFunctions.Replay;

/// <summary>The <c>yyyyMMdd</c> partition keys of the DeadLetters and WebhookQuarantine tables.</summary>
public static class ReplayDay
{
    /// <summary>True when <paramref name="day"/> is a real date written as <c>yyyyMMdd</c>.</summary>
    public static bool IsValid(string? day)
        => day is { Length: 8 } && DateTime.TryParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
