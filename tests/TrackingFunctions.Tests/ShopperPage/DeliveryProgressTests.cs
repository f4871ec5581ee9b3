using TrackingFunctions.ShopperPage;

namespace TrackingFunctions.Tests.ShopperPage;

public sealed class DeliveryProgressTests
{
    private static string Line(string? tag, int furthest = 0)
        => string.Join(" > ", DeliveryProgress.Steps(new ShipmentView { Slug = "dhl", TrackingNumber = "1", Tag = tag, FurthestStep = furthest })
            .Select(s => s.LabelKey["Step_".Length..] + ":" + s.State));

    [Theory]
    [InlineData("Pending", 0, "Ordered:Current > InTransit:Upcoming > OutForDelivery:Upcoming > Delivered:Upcoming")]
    [InlineData("InfoReceived", 0, "Ordered:Current > InTransit:Upcoming > OutForDelivery:Upcoming > Delivered:Upcoming")]
    [InlineData("InTransit", 1, "Ordered:Done > InTransit:Current > OutForDelivery:Upcoming > Delivered:Upcoming")]
    [InlineData("OutForDelivery", 2, "Ordered:Done > InTransit:Done > OutForDelivery:Current > Delivered:Upcoming")]
    [InlineData("AvailableForPickup", 2, "Ordered:Done > InTransit:Done > ReadyForPickup:Current > Delivered:Upcoming")]
    [InlineData("Delivered", 3, "Ordered:Done > InTransit:Done > OutForDelivery:Done > Delivered:Current")]
    [InlineData("AttemptFail", 2, "Ordered:Done > InTransit:Done > OutForDelivery:Done > AttemptFail:Problem > Delivered:Upcoming")]
    [InlineData("Exception", 1, "Ordered:Done > InTransit:Done > Exception:Problem > OutForDelivery:Upcoming > Delivered:Upcoming")]
    [InlineData("Exception", 0, "Ordered:Done > Exception:Problem > InTransit:Upcoming > OutForDelivery:Upcoming > Delivered:Upcoming")]
    [InlineData("Expired", 0, "Ordered:Done > Expired:Problem > InTransit:Upcoming > OutForDelivery:Upcoming > Delivered:Upcoming")]
    [InlineData("SomethingNew", 1, "Ordered:Done > InTransit:Current > OutForDelivery:Upcoming > Delivered:Upcoming")]
    [InlineData(null, 0, "Ordered:Current > InTransit:Upcoming > OutForDelivery:Upcoming > Delivered:Upcoming")]
    public void Each_status_places_the_parcel_on_the_line_and_problems_get_a_state_of_their_own(string? tag, int furthest, string expected)
        => Assert.Equal(expected, Line(tag, furthest));

    [Fact]
    public void An_exception_after_a_delivery_attempt_keeps_the_steps_the_scans_reached()
    {
        var json = ShipmentJson.Tracking("Exception");
        json["checkpoints"]![2]!["tag"] = "OutForDelivery";

        var shipment = ShipmentReader.Read(json.ToJsonString(), "dhl", "1");

        Assert.Equal(DeliveryProgress.OutForDelivery, shipment.FurthestStep);
        Assert.Equal("Exception:Problem", Line("Exception", shipment.FurthestStep).Split(" > ")[3]);
    }

    [Fact]
    public void Page_marks_the_current_step_for_assistive_technology_and_says_each_state_in_words()
    {
        var html = PageHarness.Render(ShipmentJson.Tracking("AttemptFail").ToJsonString());

        Assert.Contains("<ol class=\"progress\" aria-label=\"Delivery progress\">", html, StringComparison.Ordinal);
        Assert.Contains("<li class=\"step problem\" aria-current=\"step\"><span class=\"mark\" aria-hidden=\"true\"></span><span class=\"label\">Delivery attempt failed</span><span class=\"vh\"> (current status)</span></li>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"label\">In transit</span><span class=\"vh\"> (done)</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"label\">Delivered</span><span class=\"vh\"> (not yet)</span>", html, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "aria-current=\"step\""));
    }
}
