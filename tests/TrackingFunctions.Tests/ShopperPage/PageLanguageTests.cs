using TrackingFunctions.ShopperPage;

namespace TrackingFunctions.Tests.ShopperPage;

public sealed class PageLanguageTests
{
    [Theory]
    [InlineData("de-DE,de;q=0.9,en;q=0.8", "de", "de-DE")]
    [InlineData("fr-FR,fr;q=0.9,de;q=0.5", "fr", "fr-FR")]
    [InlineData("pt-BR,pt;q=0.9,de;q=0.5", "de", "de")]
    [InlineData("es-MX", "es", "es-MX")]
    [InlineData("it-CH,it;q=0.9", "it", "it-CH")]
    [InlineData("nl-BE", "nl", "nl-BE")]
    [InlineData("en-GB", "en", "en-GB")]
    [InlineData("pt-PT, pt;q=0.9", "en", "en")]
    [InlineData("en;q=0.4, de;q=0.8", "de", "de")]
    [InlineData("*", "en", "en")]
    [InlineData("de;q=0, en", "en", "en")]
    [InlineData("", "en", "en")]
    [InlineData("this is not a header;;;q=x", "en", "en")]
    public void Accept_language_picks_the_best_supported_language_and_its_formats(string header, string strings, string formats)
    {
        var language = PageLanguage.FromAcceptLanguage(header);

        Assert.Equal(strings, language.Strings.Name);
        Assert.Equal(formats, language.Formats.Name);
    }

    [Fact]
    public void Missing_header_falls_back_to_english()
        => Assert.Equal(PageLanguage.English, PageLanguage.FromAcceptLanguage(default));
}
