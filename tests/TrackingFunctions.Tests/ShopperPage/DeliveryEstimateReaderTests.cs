using System.Text.Json;
using TrackingFunctions.ShopperPage;

namespace TrackingFunctions.Tests.ShopperPage;

public sealed class DeliveryEstimateReaderTests
{
    private static DeliveryEstimate? Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return DeliveryEstimateReader.Read(document.RootElement);
    }

    private const string AllSources = """
        {
          "courier_estimated_delivery_date": {"estimated_delivery_date": "2026-11-23"},
          "aftership_estimated_delivery_date": {"estimated_delivery_date": "2026-11-24", "confidence_code": 0.9},
          "latest_estimated_delivery": {"type": "specific", "source": "aftership", "datetime": "2026-11-25T12:00:00+01:00"},
          "custom_estimated_delivery_date": {"type": "range", "datetime_min": "2026-11-26", "datetime_max": "2026-11-27"},
          "order_promised_delivery_date": "2026-11-28"
        }
        """;

    [Fact]
    public void The_courier_estimate_wins_over_all_others()
        => Assert.Equal(new DeliveryEstimate(new(2026, 11, 23), new(2026, 11, 23), "courier"), Read(AllSources));

    [Theory]
    [InlineData("courier_estimated_delivery_date", "aftership", 24, 24)]
    [InlineData("aftership_estimated_delivery_date", "latest", 25, 25)]
    [InlineData("latest_estimated_delivery", "custom", 26, 27)]
    [InlineData("custom_estimated_delivery_date", "promised", 28, 28)]
    public void Without_a_more_trusted_estimate_the_next_source_is_used(string removeUpTo, string source, int from, int to)
    {
        var order = new[] { "courier_estimated_delivery_date", "aftership_estimated_delivery_date", "latest_estimated_delivery", "custom_estimated_delivery_date" };
        var node = System.Text.Json.Nodes.JsonNode.Parse(AllSources)!.AsObject();
        foreach (var field in order.Take(Array.IndexOf(order, removeUpTo) + 1))
        {
            node.Remove(field);
        }

        Assert.Equal(new DeliveryEstimate(new(2026, 11, from), new(2026, 11, to), source), Read(node.ToJsonString()));
    }

    [Theory]
    [InlineData("""{"courier_estimated_delivery_date": {"estimated_delivery_date": null, "estimated_delivery_date_min": "2026-11-25", "estimated_delivery_date_max": "2026-11-23"}}""", 23, 25)]
    [InlineData("""{"courier_estimated_delivery_date": {"estimated_delivery_date_max": "2026-11-23"}}""", 23, 23)]
    public void A_range_is_read_in_order(string json, int from, int to)
        => Assert.Equal(new DeliveryEstimate(new(2026, 11, from), new(2026, 11, to), "courier"), Read(json));

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"courier_estimated_delivery_date": null, "aftership_estimated_delivery_date": "2026-11-23", "order_promised_delivery_date": "soon"}""")]
    [InlineData("""{"courier_estimated_delivery_date": {"estimated_delivery_date": "23/11/2026"}}""")]
    public void Missing_or_malformed_estimates_mean_no_estimate(string json) => Assert.Null(Read(json));
}
