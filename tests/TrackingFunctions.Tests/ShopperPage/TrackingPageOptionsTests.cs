using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrackingFunctions.Infrastructure;
using TrackingFunctions.ShopperPage;

namespace TrackingFunctions.Tests.ShopperPage;

public sealed class TrackingPageOptionsTests
{
    private static TrackingPageOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddTrackingPage();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<TrackingPageOptions>>().Value;
    }

    [Fact]
    public void Defaults_are_valid_and_the_default_accent_reaches_AA_on_white()
    {
        var options = Bind([]);

        Assert.True(HexColor.TryParse(options.AccentColor, out var accent));
        Assert.True(HexColor.ContrastRatio(accent, HexColor.White) >= 4.5);
        Assert.Equal(60, options.CacheSeconds);
    }

    [Fact]
    public void The_sample_settings_with_empty_values_are_valid()
    {
        var options = Bind(new()
        {
            ["TrackingPage:ShopName"] = string.Empty,
            ["TrackingPage:LogoUrl"] = string.Empty,
            ["TrackingPage:SupportUrl"] = string.Empty,
            ["TrackingPage:AccentColor"] = "#1F5FAD",
        });

        Assert.Equal(string.Empty, options.ShopName);
    }

    [Theory]
    [InlineData("#FFFF00", "contrast")]
    [InlineData("#777777", "contrast")]
    [InlineData("blue", "hex colour")]
    [InlineData("#12345", "hex colour")]
    [InlineData("#GGGGGG", "hex colour")]
    public void An_accent_colour_that_is_not_hex_or_too_light_is_refused(string color, string reason)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["TrackingPage:AccentColor"] = color }));

        Assert.Contains("TrackingPage__AccentColor", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("#767676")]
    [InlineData("#000000")]
    [InlineData("#1F5FAD")]
    public void A_dark_enough_accent_colour_is_accepted(string color)
        => Assert.Equal(color, Bind(new() { ["TrackingPage:AccentColor"] = color }).AccentColor);

    [Theory]
    [InlineData("TrackingPage:LogoUrl", "http://cdn.example.com/logo.png")]
    [InlineData("TrackingPage:LogoUrl", "/logo.png")]
    [InlineData("TrackingPage:SupportUrl", "javascript:alert(1)")]
    [InlineData("TrackingPage:CacheSeconds", "86400")]
    public void Unsafe_or_out_of_range_branding_is_refused_with_its_name(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [key] = value }));

        Assert.Contains(key.Split(':')[1], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wcag_contrast_arithmetic_matches_known_values()
    {
        Assert.Equal(21.0, HexColor.ContrastRatio(new HexColor(0, 0, 0), HexColor.White), 2);
        Assert.Equal(4.54, HexColor.ContrastRatio(new HexColor(0x76, 0x76, 0x76), HexColor.White), 2);
        Assert.Equal(1.0, HexColor.ContrastRatio(HexColor.White, HexColor.White), 2);
    }
}
