using System.Text;
using TrackingFunctions.Import;

namespace TrackingFunctions.Tests.Import;

public sealed class ImportRequestTests
{
    private static ImportFilters? Parse(string body, out string? error) => ImportRequest.Parse(Encoding.UTF8.GetBytes(body), out error);

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    [InlineData("{}")]
    [InlineData("""{"tag":null,"created_at_min":null}""")]
    public void Parse_EmptyOrNoFilters_ImportsEverything(string body)
    {
        var filters = Parse(body, out var error);

        Assert.Null(error);
        Assert.Equal(new ImportFilters(null, null, null), filters);
    }

    [Fact]
    public void Parse_AllFilters_ReadsThemWithTheirOffsets()
    {
        var filters = Parse("""{"created_at_min":"2026-01-01T00:00:00Z","created_at_max":"2026-02-01T12:00:00+02:00","tag":"InTransit"}""", out var error);

        Assert.Null(error);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), filters!.CreatedAtMin);
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 10, 0, 0, TimeSpan.Zero), filters.CreatedAtMax!.Value.ToUniversalTime());
        Assert.Equal("InTransit", filters.Tag);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1]", "JSON object")]
    [InlineData("""{"created_at_max":"soon"}""", "created_at_max")]
    [InlineData("""{"created_at_min":5}""", "created_at_min")]
    [InlineData("""{"created_at_min":"2026-03-01T00:00:00Z","created_at_max":"2026-01-01T00:00:00Z"}""", "after")]
    [InlineData("""{"tag":"In Transit"}""", "tag")]
    [InlineData("""{"tag":""}""", "tag")]
    [InlineData("""{"tag":7}""", "tag")]
    public void Parse_BadBody_SaysWhatIsWrong(string body, string expected)
    {
        var filters = Parse(body, out var error);

        Assert.Null(filters);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
