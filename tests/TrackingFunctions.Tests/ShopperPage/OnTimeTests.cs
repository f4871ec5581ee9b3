using System.Text.Json.Nodes;
using TrackingFunctions.ShopperPage;

namespace TrackingFunctions.Tests.ShopperPage;

public sealed class OnTimeTests
{
    private static JsonObject Tracking(string tag = "InTransit", string? status = null, string? promised = null, string? latest = null)
    {
        var json = ShipmentJson.Tracking(tag);
        json.Remove("courier_estimated_delivery_date");
        json["on_time_status"] = status;
        json["order_promised_delivery_date"] = promised;
        if (latest is not null)
        {
            json["latest_estimated_delivery"] = new JsonObject { ["type"] = "specific", ["source"] = "AfterShip", ["datetime"] = latest };
        }

        return json;
    }

    [Theory]
    [InlineData("on-time", true)]
    [InlineData("on_time", true)]
    [InlineData("On Time", true)]
    [InlineData("early", true)]
    [InlineData("late", false)]
    [InlineData("delayed", false)]
    [InlineData("something-else", null)]
    public void On_time_status_from_aftership_is_read_leniently(string status, bool? expected)
        => Assert.Equal(expected, ShipmentReader.Read(Tracking(status: status).ToJsonString(), "dhl", "1").OnTime);

    [Theory]
    [InlineData("2026-11-25", "2026-11-26", false)]
    [InlineData("2026-11-25", "2026-11-25", true)]
    [InlineData("2026-11-25", "2026-11-24T18:00:00+01:00", true)]
    public void Without_a_status_the_latest_estimate_is_compared_with_the_promise(string promised, string latest, bool expected)
        => Assert.Equal(expected, ShipmentReader.Read(Tracking(promised: promised, latest: latest).ToJsonString(), "dhl", "1").OnTime);

    [Fact]
    public void A_promise_alone_is_no_verdict()
        => Assert.Null(ShipmentReader.Read(Tracking(promised: "2026-11-25").ToJsonString(), "dhl", "1").OnTime);

    [Fact]
    public void Late_estimate_shows_a_running_late_badge_beside_the_date()
    {
        var html = PageHarness.Render(Tracking(status: "late", latest: "2026-11-27").ToJsonString());

        Assert.Contains("<p class=\"eta\">Friday, November 27, 2026</p>\n<p class=\"badge late\">Running late</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Delivered_parcel_says_whether_it_came_on_time()
    {
        var json = Tracking("Delivered", promised: "2026-11-23");

        var html = PageHarness.Render(json.ToJsonString(), "de");

        Assert.Contains("<p class=\"badge on-time\">Pünktlich zugestellt</p>", html, StringComparison.Ordinal);
    }
}
