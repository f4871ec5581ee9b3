using System.Text.Json.Nodes;
using TrackingFunctions.Couriers;

namespace TrackingFunctions.Tests.Couriers;

public sealed class CourierRulesTests
{
    private static readonly CourierEntry[] Directory =
    [
        new("ups", "UPS", null, [], true),
        new("usps", "USPS", null, [], true),
        new("dhl", "DHL Express", null, [], true),
        new("dhl-germany", "Deutsche Post DHL", null, [], false),
        new("postnl-3s", "PostNL International 3S", null, ["tracking_postal_code"], true),
    ];

    [Theory]
    [InlineData("upss", "ups,usps")]
    [InlineData("dhl-germny", "dhl-germany")]
    [InlineData("DHL", "dhl")]
    [InlineData("postnl", "postnl-3s")]
    public void Closest_slugs_start_with_the_likeliest_meant(string typed, string expectedFirst)
    {
        var closest = SlugSuggestions.Closest(typed, Directory, 3);

        Assert.Equal(3, closest.Count);
        Assert.Equal(expectedFirst.Split(','), closest.Take(expectedFirst.Split(',').Length));
    }

    [Theory]
    [InlineData("""{"tracking_postal_code":"1011AB"}""")]
    [InlineData("""{"destination_postal_code":"1011AB"}""")]
    public void Required_postal_code_is_met_by_its_legacy_or_its_address_name(string body)
    {
        Assert.Empty(CourierFields.Missing(["tracking_postal_code"], JsonNode.Parse(body)!.AsObject()));
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"tracking_postal_code":"  "}""")]
    [InlineData("""{"tracking_postal_code":1011}""")]
    public void Required_field_that_is_absent_blank_or_not_a_string_is_missing(string body)
    {
        Assert.Equal(["tracking_postal_code"], CourierFields.Missing(["tracking_postal_code"], JsonNode.Parse(body)!.AsObject()));
    }

    [Theory]
    [InlineData("tracking_origin_country", "origin_country_region")]
    [InlineData("tracking_destination_country_region", "destination_country_region")]
    [InlineData("tracking_state", "destination_state")]
    public void Older_and_newer_required_field_names_are_met_by_the_2025_01_fields(string listed, string sent)
    {
        Assert.Empty(CourierFields.Missing([listed], new JsonObject { [sent] = "X" }));
    }

    [Fact]
    public void Missing_field_is_described_with_the_names_that_satisfy_it()
    {
        Assert.Equal("tracking_postal_code (or destination_postal_code)", CourierFields.Describe("tracking_postal_code"));
        Assert.Equal("tracking_key", CourierFields.Describe("tracking_key"));
    }

    [Theory]
    [InlineData("0 0 3 * * *", true)]
    [InlineData("0 */30 6-22 * * MON-FRI", true)]
    [InlineData("0 0 3 * *", false)]
    [InlineData("", false)]
    [InlineData("every day", false)]
    public void Refresh_schedule_must_be_six_field_ncrontab(string schedule, bool valid)
    {
        var result = new CourierOptionsValidator().Validate(null, new CourierOptions { RefreshSchedule = schedule });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains(CourierOptions.ScheduleSetting, result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
