using TrackingFunctions.AfterShip;

namespace TrackingFunctions.Tests.AfterShip;

public sealed class AfterShipDateTests
{
    [Theory]
    [InlineData("2026-11-01T08:00:00Z", "2026-11-01T08:00:00+00:00")]
    [InlineData("2026-11-01T08:00:00+08:00", "2026-11-01T08:00:00+08:00")]
    [InlineData("2026-11-01T08:00:00", "2026-11-01T08:00:00+00:00")]
    [InlineData("2026-11-01", "2026-11-01T00:00:00+00:00")]
    [InlineData("2026-11-01T08:00:00.123456Z", "2026-11-01T08:00:00.123456+00:00")]
    [InlineData(" 2026-11-01T08:00:00-05:00 ", "2026-11-01T08:00:00-05:00")]
    public void Mixed_carrier_formats_are_read(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), AfterShipDate.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("2026-13-45")]
    public void Unreadable_dates_are_null_not_exceptions(string? text)
    {
        Assert.Null(AfterShipDate.Parse(text));
    }
}
