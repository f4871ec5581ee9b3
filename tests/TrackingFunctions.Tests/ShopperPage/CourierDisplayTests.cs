using Microsoft.Extensions.Options;
using Moq;
using TrackingFunctions.Couriers;
using TrackingFunctions.ShopperPage;

namespace TrackingFunctions.Tests.ShopperPage;

public sealed class CourierDisplayTests
{
    private const string Number = "00340434161094042557";

    private static string Render(ICourierDirectory directory, string json, string language = "en")
        => new TrackingPageRenderer(Options.Create(PageHarness.Branding), PageHarness.Assets(), directory)
            .Tracking(ShipmentReader.Read(json, "dhl-germany", Number), PageHarness.Language(language), "/api/track/dhl-germany/" + Number);

    private static ICourierDirectory Directory(CourierEntry? entry)
    {
        var directory = new Mock<ICourierDirectory>(MockBehavior.Strict);
        directory.Setup(d => d.Find(It.IsAny<string>())).Returns(entry);
        return directory.Object;
    }

    [Fact]
    public void Courier_name_and_tracking_button_come_from_the_directory()
    {
        var html = Render(Directory(new CourierEntry("dhl-germany", "Deutsche Post DHL", new Uri("https://www.dhl.de/"), [], true)), ShipmentJson.Tracking().ToJsonString());

        Assert.Contains("<dd>Deutsche Post DHL</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<a class=\"button\" href=\"https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=" + Number + "\" rel=\"noopener noreferrer\">Track with Deutsche Post DHL</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_carrier_link_the_button_goes_to_the_couriers_website()
    {
        var json = ShipmentJson.Tracking();
        json.Remove("courier_tracking_link");

        var html = Render(Directory(new CourierEntry("dhl-germany", "Deutsche Post DHL", new Uri("https://www.dhl.de/"), [], true)), json.ToJsonString(), "de");

        Assert.Contains("<a class=\"button\" href=\"https://www.dhl.de/\" rel=\"noopener noreferrer\">Zur Website von Deutsche Post DHL</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slug_the_directory_does_not_know_shows_a_name_made_from_the_slug()
    {
        var html = Render(Directory(null), ShipmentJson.Tracking().ToJsonString());

        Assert.Contains("<dd>DHL</dd>", html, StringComparison.Ordinal);
        Assert.Contains(">Track with DHL</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Courier_chooser_lists_directory_names()
    {
        var renderer = new TrackingPageRenderer(Options.Create(PageHarness.Branding), PageHarness.Assets(), Directory(new CourierEntry("x", "Directory Name", null, [], true)));

        var html = renderer.Chooser(PageHarness.Language("en"), "/api/track", Number, ["dhl", "ups"]);

        Assert.Equal(2, html.Split("Directory Name").Length - 1);
    }
}
