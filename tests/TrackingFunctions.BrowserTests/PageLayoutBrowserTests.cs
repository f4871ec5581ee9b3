using System.Text.Json;

namespace TrackingFunctions.BrowserTests;

/// <summary>The progress line in every state, the layout at phone and desktop widths, and every language.</summary>
public sealed class PageLayoutBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const int Phone = 360;
    private const int Desktop = 1280;

    private Uri PageUrl((string Slug, string Number) tracking) => fixture.Server.Url($"/api/track/{tracking.Slug}/{tracking.Number}");

    public static TheoryData<string, string, string, string> States() => new()
    {
        { SampleTrackings.Pending.Slug, SampleTrackings.Pending.Number, "Ordered", "Ordered (current status) | In transit (not yet) | Out for delivery (not yet) | Delivered (not yet)" },
        { "dhl-germany", SampleTrackings.SharedNumber, "Ordered", "Ordered (current status) | In transit (not yet) | Out for delivery (not yet) | Delivered (not yet)" },
        { SampleTrackings.LongNumber.Slug, SampleTrackings.LongNumber.Number, "In transit", "Ordered (done) | In transit (current status) | Out for delivery (not yet) | Delivered (not yet)" },
        { SampleTrackings.InTransit.Slug, SampleTrackings.InTransit.Number, "Out for delivery", "Ordered (done) | In transit (done) | Out for delivery (current status) | Delivered (not yet)" },
        { SampleTrackings.Pickup.Slug, SampleTrackings.Pickup.Number, "Ready for pickup", "Ordered (done) | In transit (done) | Ready for pickup (current status) | Delivered (not yet)" },
        { SampleTrackings.FailedAttempt.Slug, SampleTrackings.FailedAttempt.Number, "Delivery attempt failed", "Ordered (done) | In transit (done) | Out for delivery (done) | Delivery attempt failed (current status) | Delivered (not yet)" },
        { SampleTrackings.Problem.Slug, SampleTrackings.Problem.Number, "Problem reported", "Ordered (done) | In transit (done) | Problem reported (current status) | Out for delivery (not yet) | Delivered (not yet)" },
        { SampleTrackings.Expired.Slug, SampleTrackings.Expired.Number, "No recent news", "Ordered (done) | No recent news (current status) | In transit (not yet)" },
        { SampleTrackings.Delivered.Slug, SampleTrackings.Delivered.Number, "Delivered", "Ordered (done) | In transit (done) | Out for delivery (done) | Delivered (current status)" },
    };

    [BrowserTheory]
    [MemberData(nameof(States))]
    public async Task Progress_line_shows_each_state_in_words_with_the_current_step_marked(string slug, string number, string current, string line)
    {
        await using var browser = await BrowserPage.OpenAsync(fixture, Phone);

        await browser.GoAsync(fixture.Server.Url($"/api/track/{slug}/{number}"));
        var steps = await browser.Page.Locator("ol.progress > li").AllTextContentsAsync();
        var marked = await browser.Page.Locator("ol.progress > li[aria-current=step] .label").AllTextContentsAsync();

        var problems = await browser.Page.Locator("ol.progress > li.problem").CountAsync();
        var mark = await browser.Page.EvalOnSelectorAsync<string>("ol.progress > li[aria-current=step] .mark", "e => getComputedStyle(e, '::before').content");

        Assert.StartsWith(line, string.Join(" | ", steps), StringComparison.Ordinal);
        Assert.Equal([current], marked);
        Assert.Equal(line.Contains("reported", StringComparison.Ordinal) || line.Contains("failed", StringComparison.Ordinal) || line.Contains("news", StringComparison.Ordinal) ? 1 : 0, problems);
        Assert.Equal(problems == 1 ? "\"!\u00a0\"" : "none", mark);
        Assert.Equal(Phone, await browser.ScrollWidthAsync());
        browser.AssertNoErrors();
    }

    [BrowserFact]
    public async Task Every_page_state_has_no_serious_axe_violations_at_phone_and_desktop_width()
    {
        var found = new List<string>();
        foreach (var width in new[] { Phone, Desktop })
        {
            await using var browser = await BrowserPage.OpenAsync(fixture, width, withAxe: true);
            foreach (var (slug, number) in new[] { SampleTrackings.Pickup, SampleTrackings.FailedAttempt, SampleTrackings.Expired, SampleTrackings.LongNumber, SampleTrackings.InTransit })
            {
                await browser.GoAsync(PageUrl((slug, number)));
                found.AddRange((await browser.SeriousAxeViolationsAsync()).Select(v => $"{width}px {slug} → {v}"));
                Assert.Equal(width, await browser.ScrollWidthAsync());
            }

            browser.AssertNoErrors();
        }

        Assert.Empty(found);
    }

    [BrowserFact]
    public async Task At_360_px_tracking_numbers_stay_on_one_line_even_a_34_digit_one()
    {
        await using var browser = await BrowserPage.OpenAsync(fixture, Phone);
        foreach (var tracking in new[] { SampleTrackings.InTransit, SampleTrackings.FailedAttempt, SampleTrackings.LongNumber })
        {
            await browser.GoAsync(PageUrl(tracking));

            // A range over the number's text has one client rect per line it occupies.
            var lines = await browser.Page.EvaluateAsync<int>("() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('dd.number')); return r.getClientRects().length; }");
            var text = await browser.Page.InnerTextAsync("dd.number");

            Assert.Equal(tracking.Number, text);
            Assert.True(lines == 1, $"{tracking.Number} spans {lines} lines");
            Assert.Equal(Phone, await browser.ScrollWidthAsync());
        }

        await browser.ScreenshotAsync("tracking-page-360-long-number.png");
        browser.AssertNoErrors();
    }

    [BrowserFact]
    public async Task At_1280_px_the_page_uses_the_width_in_two_columns_and_the_footer_stays_in_the_column()
    {
        await using var browser = await BrowserPage.OpenAsync(fixture, Desktop);

        await browser.GoAsync(PageUrl(SampleTrackings.InTransit));
        var boxes = await browser.Page.EvaluateAsync<JsonElement>(
            "() => Object.fromEntries(['main', 'footer', '.facts', '#history-h'].map(s => { const b = document.querySelector(s).getBoundingClientRect(); return [s, { left: b.left, right: b.right, top: b.top }]; }))");
        double Get(string selector, string edge) => boxes.GetProperty(selector).GetProperty(edge).GetDouble();

        Assert.True(Get("main", "right") - Get("main", "left") >= 1100, "main uses the wide screen");
        Assert.Equal(Get("main", "left"), Get("footer", "left"), 1);
        Assert.Equal(Get("main", "right"), Get("footer", "right"), 1);
        Assert.True(Get("#history-h", "left") > Get(".facts", "right"), "history sits beside the delivery facts");
        Assert.True(Math.Abs(Get("#history-h", "top") - Get(".facts", "top")) < 60, "the two columns start level");
        Assert.Equal(Desktop, await browser.ScrollWidthAsync());
        browser.AssertNoErrors();
    }

    [BrowserFact]
    public async Task At_360_px_the_footer_rule_is_as_wide_as_the_text_column()
    {
        await using var browser = await BrowserPage.OpenAsync(fixture, Phone);

        await browser.GoAsync(PageUrl(SampleTrackings.InTransit));
        var widths = await browser.Page.EvaluateAsync<double[]>(
            "() => ['main', 'footer'].map(s => document.querySelector(s).getBoundingClientRect().width)");

        Assert.Equal(widths[0], widths[1], 1);
        Assert.Equal(Phone - 32, widths[0], 1);
        browser.AssertNoErrors();
    }

    [BrowserTheory]
    [InlineData("fr-FR", "fr", "Il y a un problème avec votre colis", "Problème signalé", "mardi 24 novembre 2026")]
    [InlineData("es-ES", "es", "Hay un problema con tu paquete", "Problema notificado", "martes, 24 de noviembre de 2026")]
    [InlineData("it-IT", "it", "C'è un problema con il tuo pacco", "Problema segnalato", "martedì 24 novembre 2026")]
    [InlineData("nl-NL", "nl", "Er is een probleem met je pakket", "Probleem gemeld", "dinsdag 24 november 2026")]
    [InlineData("de-DE", "de", "Es gibt ein Problem mit Ihrem Paket", "Problem gemeldet", "Dienstag, 24. November 2026")]
    [InlineData("en-GB", "en", "There is a problem with your parcel", "Problem reported", "Tuesday, 24 November 2026")]
    public async Task Each_language_gets_the_page_the_progress_line_and_the_dates_in_its_own_words(string locale, string lang, string title, string problem, string date)
    {
        await using var browser = await BrowserPage.OpenAsync(fixture, Phone, locale: locale, withAxe: true);

        await browser.GoAsync(PageUrl(SampleTrackings.Problem));
        var text = await browser.Page.InnerTextAsync("body");

        Assert.Equal(lang, await browser.Page.GetAttributeAsync("html", "lang"));
        Assert.Equal(title, await browser.Page.InnerTextAsync("h1"));
        Assert.Contains(problem, text, StringComparison.Ordinal);
        Assert.Contains(date, text, StringComparison.Ordinal);
        Assert.Empty(await browser.SeriousAxeViolationsAsync());
        Assert.Equal(Phone, await browser.ScrollWidthAsync());

        await browser.GoAsync(fixture.Server.Url("/api/track"));
        Assert.Equal(2, await browser.Page.Locator("form").CountAsync());
        Assert.Empty(await browser.SeriousAxeViolationsAsync());
        browser.AssertNoErrors();
    }

}
