using Microsoft.Playwright;

namespace TrackingFunctions.BrowserTests;

/// <summary>Order lookup as a shopper uses it: the form on the search page, without JavaScript.</summary>
public sealed class OrderLookupBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const int Phone = 360;

    private static async Task LookUpAsync(BrowserPage browser, string order, string contact)
    {
        await browser.Page.GetByLabel("Order number", new() { Exact = true }).FillAsync(order);
        await browser.Page.GetByLabel("Email or postcode", new() { Exact = true }).FillAsync(contact);
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Find my parcels" }).ClickAsync();
        await browser.Page.WaitForLoadStateAsync(LoadState.Load);
    }

    [BrowserFact]
    public async Task Order_number_and_email_list_the_three_parcels_and_each_opens_its_page_without_javascript()
    {
        await using var browser = await BrowserPage.OpenAsync(fixture, Phone, javaScript: false, withAxe: false);

        await browser.GoAsync(fixture.Server.Url("/api/track"));
        await LookUpAsync(browser, "kc-1001", " Erika@Example.com");
        var links = await browser.Page.Locator("main ul.choices a").AllInnerTextsAsync();
        await browser.ScreenshotAsync("order-lookup-360.png");

        Assert.Equal("The parcels of your order", await browser.Page.InnerTextAsync("h1"));
        Assert.Equal(3, links.Count);
        Assert.Contains(links, l => l.Contains(SampleTrackings.InTransit.Number, StringComparison.Ordinal));
        Assert.Contains(links, l => l.Contains(SampleTrackings.Problem.Number, StringComparison.Ordinal));
        Assert.Contains(links, l => l.Contains(SampleTrackings.Delivered.Number, StringComparison.Ordinal));
        Assert.DoesNotContain("erika", await browser.Page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Phone, await browser.ScrollWidthAsync());

        await browser.Page.Locator("main ul.choices a", new() { HasText = SampleTrackings.Delivered.Number }).ClickAsync();
        await browser.Page.WaitForURLAsync($"**/api/track/{SampleTrackings.Delivered.Slug}/{SampleTrackings.Delivered.Number}");
        Assert.Equal("Delivered", await browser.Page.InnerTextAsync("h1"));
        browser.AssertNoErrors();
    }

    [BrowserFact]
    public async Task A_wrong_email_a_wrong_postcode_and_an_unknown_order_show_the_same_message()
    {
        await using var browser = await BrowserPage.OpenAsync(fixture, Phone, javaScript: false);
        var answers = new List<string>();
        foreach (var (order, contact) in new[] { (SampleTrackings.OrderNumber, "someone@example.com"), (SampleTrackings.OrderNumber, "10115"), ("KC-9999", SampleTrackings.Email) })
        {
            await browser.GoAsync(fixture.Server.Url("/api/track"));
            await LookUpAsync(browser, order, contact);
            answers.Add((await browser.Page.InnerTextAsync("main")).Replace(order, "ORDER", StringComparison.Ordinal));
            Assert.Equal(order, await browser.Page.GetByLabel("Order number", new() { Exact = true }).InputValueAsync());
            Assert.Equal(string.Empty, await browser.Page.GetByLabel("Email or postcode", new() { Exact = true }).InputValueAsync());
        }

        Assert.Single(answers.Distinct());
        Assert.Contains("We could not find an order with these details.", answers[0], StringComparison.Ordinal);
        browser.AssertNoErrors(fixture.Server.Url("/api/track/order"));
    }

    [BrowserFact]
    public async Task Postcode_alone_with_the_order_number_finds_the_parcels_too_and_the_pages_pass_axe()
    {
        await using var browser = await BrowserPage.OpenAsync(fixture, Phone, withAxe: true);

        await browser.GoAsync(fixture.Server.Url("/api/track"));
        Assert.Empty(await browser.SeriousAxeViolationsAsync());
        await LookUpAsync(browser, SampleTrackings.OrderNumber, "51 147");
        Assert.Equal(3, await browser.Page.Locator("main ul.choices a").CountAsync());
        Assert.Empty(await browser.SeriousAxeViolationsAsync());

        await browser.GoAsync(fixture.Server.Url("/api/track"));
        await LookUpAsync(browser, SampleTrackings.OrderNumber, "wrong@example.com");
        Assert.Empty(await browser.SeriousAxeViolationsAsync());
        Assert.Equal(Phone, await browser.ScrollWidthAsync());
        browser.AssertNoErrors(fixture.Server.Url("/api/track/order"));
    }
}
