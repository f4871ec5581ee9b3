namespace TrackingFunctions.BrowserTests;

/// <summary>The tracking page as a shopper's browser shows it: Chromium at phone and desktop widths.</summary>
public sealed class TrackingPageBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const int Phone = 360;
    private const int Desktop = 1280;

    private Uri PageUrl((string Slug, string Number) tracking) => fixture.Server.Url($"/api/track/{tracking.Slug}/{tracking.Number}");

    [BrowserFact]
    public async Task Tracking_page_at_360_px_shows_status_delivery_courier_and_history_without_horizontal_scroll()
    {
        await using var browser = await BrowserPage.OpenAsync(fixture, Phone);

        var response = await browser.GoAsync(PageUrl(SampleTrackings.InTransit));
        var text = await browser.Page.InnerTextAsync("body");
        await browser.ScreenshotAsync("tracking-page-360.png");

        Assert.Equal(200, response.Status);
        Assert.Contains("Out for delivery", text, StringComparison.Ordinal);
        Assert.Contains("Saturday, November 21, 2026", text, StringComparison.Ordinal);
        Assert.Contains("DHL", text, StringComparison.Ordinal);
        Assert.Contains(SampleTrackings.InTransit.Number, text, StringComparison.Ordinal);
        Assert.Contains("Track with DHL", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("loaded onto the delivery vehicle", StringComparison.Ordinal) < text.IndexOf("prepared for the carrier", StringComparison.Ordinal), "newest scan first");
        Assert.Contains("7:55", text, StringComparison.Ordinal);
        Assert.DoesNotContain(SampleTrackings.CustomerName, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Heidestraße", text, StringComparison.Ordinal);
        Assert.Equal(Phone, await browser.ScrollWidthAsync());
        browser.AssertNoErrors();
    }

    [BrowserFact]
    public async Task Tracking_page_at_1280_px_renders_styled_without_console_errors()
    {
        await using var browser = await BrowserPage.OpenAsync(fixture, Desktop);

        await browser.GoAsync(PageUrl(SampleTrackings.InTransit));
        await browser.ScreenshotAsync("tracking-page-1280.png");

        // The external stylesheet applied under the CSP: the header carries the configured accent colour.
        var header = await browser.Page.EvalOnSelectorAsync<string>("header.brand", "e => getComputedStyle(e).backgroundColor");
        Assert.Equal("rgb(122, 62, 18)", header);
        Assert.Equal(Desktop, await browser.ScrollWidthAsync());
        browser.AssertNoErrors();
    }

    [BrowserFact]
    public async Task Pages_have_no_serious_or_critical_axe_violations()
    {
        string[] paths =
        [
            $"/api/track/{SampleTrackings.InTransit.Slug}/{SampleTrackings.InTransit.Number}",
            $"/api/track/{SampleTrackings.Problem.Slug}/{SampleTrackings.Problem.Number}",
            $"/api/track/{SampleTrackings.Delivered.Slug}/{SampleTrackings.Delivered.Number}",
            $"/api/track/{SampleTrackings.Pending.Slug}/{SampleTrackings.Pending.Number}",
            "/api/track",
            "/api/track?tracking_number=",
            "/api/track?tracking_number=" + SampleTrackings.SharedNumber,
            "/api/track/ups/UNKNOWN123",
        ];
        await using var browser = await BrowserPage.OpenAsync(fixture, Phone, withAxe: true);

        var found = new List<string>();
        foreach (var path in paths)
        {
            await browser.GoAsync(fixture.Server.Url(path));
            found.AddRange((await browser.SeriousAxeViolationsAsync()).Select(v => path + " → " + v));
            Assert.Equal(Phone, await browser.ScrollWidthAsync());
        }

        Assert.Empty(found);
        browser.AssertNoErrors(fixture.Server.Url("/api/track?tracking_number="), fixture.Server.Url("/api/track/ups/UNKNOWN123"));
    }

    [BrowserFact]
    public async Task Script_in_a_carrier_message_is_shown_as_text_and_never_runs()
    {
        await using var browser = await BrowserPage.OpenAsync(fixture, Phone);

        await browser.GoAsync(PageUrl(SampleTrackings.Hostile));

        Assert.Contains("<script>document.title='pwned'</script>", await browser.Page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.DoesNotContain("pwned", await browser.Page.TitleAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await browser.Page.Locator("main img").CountAsync());
        browser.AssertNoErrors();
    }

    [BrowserFact]
    public async Task German_browser_gets_the_page_in_German_with_German_dates()
    {
        await using var browser = await BrowserPage.OpenAsync(fixture, Phone, locale: "de-DE");

        await browser.GoAsync(PageUrl(SampleTrackings.Problem));
        var text = await browser.Page.InnerTextAsync("body");

        Assert.Equal("de", await browser.Page.GetAttributeAsync("html", "lang"));
        Assert.Contains("Es gibt ein Problem mit Ihrem Paket", text, StringComparison.Ordinal);
        Assert.Contains("Die Adresse scheint falsch", text, StringComparison.Ordinal);
        Assert.Contains("Dienstag, 24. November 2026, 14:02", text, StringComparison.Ordinal);
        browser.AssertNoErrors();
    }

    [BrowserFact]
    public async Task Search_form_works_without_javascript_and_lets_the_shopper_choose_a_courier()
    {
        await using var browser = await BrowserPage.OpenAsync(fixture, Phone, javaScript: false);

        await browser.GoAsync(fixture.Server.Url("/api/track"));
        await browser.Page.GetByLabel("Tracking number", new() { Exact = true }).FillAsync(SampleTrackings.SharedNumber.ToLowerInvariant());
        await browser.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Track parcel" }).ClickAsync();
        await browser.Page.WaitForURLAsync("**/api/track?tracking_number=*");
        await browser.Page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "DHL Germany" }).ClickAsync();
        await browser.Page.WaitForURLAsync("**/api/track/dhl-germany/*");

        Assert.Contains("Your parcel is being prepared", await browser.Page.InnerTextAsync("h1"), StringComparison.Ordinal);
        browser.AssertNoErrors();
    }

    [BrowserFact]
    public async Task Unknown_tracking_gets_the_friendly_page_with_the_search_form()
    {
        await using var browser = await BrowserPage.OpenAsync(fixture, Phone);

        var response = await browser.GoAsync(fixture.Server.Url("/api/track/ups/UNKNOWN123"));

        Assert.Equal(404, response.Status);
        Assert.Contains("We cannot find this parcel yet", await browser.Page.InnerTextAsync("h1"), StringComparison.Ordinal);
        Assert.Equal("UNKNOWN123", await browser.Page.GetByLabel("Tracking number", new() { Exact = true }).InputValueAsync());
        browser.AssertNoErrors(fixture.Server.Url("/api/track/ups/UNKNOWN123"));
    }
}
