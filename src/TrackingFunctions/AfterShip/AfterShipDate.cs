using System.Globalization;

namespace TrackingFunctions.AfterShip;

/// <summary>
/// Lenient reading of AfterShip dates. Carriers send <c>YYYY-MM-DD</c>, local times without a zone, times with an
/// offset or Z, and sometimes fractions; none of these may throw. A value without a zone is read as UTC.
/// </summary>
public static class AfterShipDate
{
    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return DateTimeOffset.TryParse(
            value.Trim(),
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces,
            out var parsed)
            ? parsed
            : null;
    }
}
