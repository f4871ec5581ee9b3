using System.Globalization;
using Microsoft.Extensions.Options;
using TrackingFunctions.ShopperPage;

namespace TrackingFunctions.Tests.ShopperPage;

internal static class PageHarness
{
    public static readonly TrackingPageOptions Branding = new()
    {
        ShopName = "Kaffee & Co <Rösterei>",
        LogoUrl = new Uri("https://cdn.example.com/logo.png"),
        AccentColor = "#1F5FAD",
        SupportUrl = new Uri("https://shop.example.com/help"),
    };

    public static PageAssets Assets(TrackingPageOptions? options = null) => new(Options.Create(options ?? Branding));

    public static TrackingPageRenderer Renderer(TrackingPageOptions? options = null)
        => new(Options.Create(options ?? Branding), Assets(options));

    public static PageLanguage Language(string name) => new(CultureInfo.GetCultureInfo(name.Split('-')[0]), CultureInfo.GetCultureInfo(name));

    public static string Render(string json, string language = "en", TrackingPageOptions? options = null)
        => Renderer(options).Tracking(ShipmentReader.Read(json, "dhl", "00340434161094042557"), Language(language), "/api/track/dhl/00340434161094042557");
}
