using TrackingFunctions.ShopperPage;

namespace TrackingFunctions.Tests.ShopperPage;

public sealed class NumberCssTests
{
    [Theory]
    [InlineData("AB123456789GB", "number")]
    [InlineData("00340434161094042557", "number")]
    [InlineData("9261290100830820001234567890123456", "number number-long")]
    [InlineData("1234567890123456789012345678901234567890", "number number-xl")]
    public void Numbers_keep_to_one_line_with_a_smaller_font_when_long(string number, string css)
        => Assert.Equal(css, NumberCss.For(number));

    [Fact]
    public void Stylesheet_keeps_numbers_on_one_line()
    {
        var css = System.Text.Encoding.UTF8.GetString(PageHarness.Assets().Stylesheet.Content);

        Assert.Contains(".number{font-family:ui-monospace,\"Liberation Mono\",monospace;white-space:nowrap}", css, StringComparison.Ordinal);
    }
}
