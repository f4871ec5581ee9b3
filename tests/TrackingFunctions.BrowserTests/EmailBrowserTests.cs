using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Notifications;
using TrackingFunctions.Storage;

namespace TrackingFunctions.BrowserTests;

/// <summary>The shopper email's HTML as Chromium renders it at a phone's width and at the usual 600 px email width.</summary>
public sealed class EmailBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [BrowserTheory]
    [InlineData(360, TrackingTags.OutForDelivery, "en")]
    [InlineData(600, TrackingTags.OutForDelivery, "en")]
    [InlineData(360, TrackingTags.Exception, "de")]
    public async Task Email_html_fits_the_width_without_horizontal_scroll_and_has_no_serious_axe_violations(int width, string milestone, string language)
    {
        var stored = await fixture.App.Get<ITrackingStore>().FindAsync(SampleTrackings.InTransit.Slug, SampleTrackings.InTransit.Number, CancellationToken.None);
        var content = await fixture.App.Get<EmailPreviews>().RenderAsync(milestone, stored!, language);
        await using var browser = await BrowserPage.OpenAsync(fixture, width, javaScript: true);

        await browser.Page.SetContentAsync(content.Html);
        await browser.Page.AddScriptTagAsync(new() { Content = fixture.AxeSource });
        if (language == "en")
        {
            await browser.ScreenshotAsync($"notifications-{width}.png");
        }

        var text = await browser.Page.InnerTextAsync("body");
        Assert.Contains(language == "en" ? "Track your parcel" : "Sendung verfolgen", text, StringComparison.Ordinal);
        Assert.Contains(SampleTrackings.InTransit.Number, text, StringComparison.Ordinal);
        Assert.Equal(width, await browser.ScrollWidthAsync());
        Assert.Empty(await browser.SeriousAxeViolationsAsync());
        Assert.DoesNotContain("<script", content.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", content.Html, StringComparison.OrdinalIgnoreCase);
        browser.AssertNoErrors();
    }
}
