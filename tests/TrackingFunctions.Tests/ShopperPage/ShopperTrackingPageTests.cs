using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Moq;
using TrackingFunctions.Functions;
using TrackingFunctions.ShopperPage;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Tests.ShopperPage;

public sealed class ShopperTrackingPageTests
{
    private const string Slug = "dhl";
    private const string Number = "00340434161094042557";

    private readonly Mock<ITrackingStore> _store = new(MockBehavior.Strict);
    private readonly Mock<ITrackingNumberSearch> _search = new(MockBehavior.Strict);
    private readonly PageAssets _assets = PageHarness.Assets();

    private ShopperTrackingPage Function() => new(_store.Object, _search.Object, PageHarness.Renderer(), _assets);

    private static HttpRequest Get(string path, string query = "", params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }

    private void Stored(string tag = "InTransit")
        => _store.Setup(s => s.FindAsync(Slug, Number, It.IsAny<CancellationToken>())).ReturnsAsync(new StoredTracking
        {
            Id = "a1b2",
            Slug = Slug,
            TrackingNumber = Number,
            Source = "webhook",
            TrackingJson = ShipmentJson.Tracking(tag).ToJsonString(),
        });

    [Fact]
    public async Task Page_is_html_with_a_strict_csp_an_etag_and_a_short_cache()
    {
        Stored();
        var request = Get($"/api/track/{Slug}/{Number}");

        var result = Assert.IsType<ContentResult>(await Function().GetPageAsync(request, Slug, Number, CancellationToken.None));

        var headers = request.HttpContext.Response.Headers;
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("text/html; charset=utf-8", result.ContentType);
        Assert.Contains("Your parcel is on its way", result.Content, StringComparison.Ordinal);
        Assert.Equal(PageResponse.ContentSecurityPolicy, headers.ContentSecurityPolicy.ToString());
        Assert.Contains("default-src 'none'", headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Equal("public, max-age=60", headers.CacheControl.ToString());
        Assert.Equal("Accept-Language", headers.Vary.ToString());
        Assert.Equal("nosniff", headers.XContentTypeOptions.ToString());
        Assert.Matches("^\"[0-9a-f]{32}\"$", headers.ETag.ToString());
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("W/{0}")]
    [InlineData("\"other\", {0}")]
    [InlineData("*")]
    public async Task A_matching_If_None_Match_gets_304_with_the_same_validators(string ifNoneMatch)
    {
        Stored();
        var first = Get($"/api/track/{Slug}/{Number}");
        await Function().GetPageAsync(first, Slug, Number, CancellationToken.None);
        var etag = first.HttpContext.Response.Headers.ETag.ToString();

        var second = Get($"/api/track/{Slug}/{Number}", "", ("If-None-Match", string.Format(System.Globalization.CultureInfo.InvariantCulture, ifNoneMatch, etag)));
        var result = await Function().GetPageAsync(second, Slug, Number, CancellationToken.None);

        Assert.Equal(304, Assert.IsType<StatusCodeResult>(result).StatusCode);
        Assert.Equal(etag, second.HttpContext.Response.Headers.ETag.ToString());
        Assert.Equal("public, max-age=60", second.HttpContext.Response.Headers.CacheControl.ToString());
        Assert.Equal("Accept-Language", second.HttpContext.Response.Headers.Vary.ToString());
    }

    [Fact]
    public async Task A_stale_If_None_Match_gets_the_page()
    {
        Stored();
        var request = Get($"/api/track/{Slug}/{Number}", "", ("If-None-Match", "\"0123456789abcdef0123456789abcdef\""));

        var result = await Function().GetPageAsync(request, Slug, Number, CancellationToken.None);

        Assert.Equal(200, Assert.IsType<ContentResult>(result).StatusCode);
    }

    [Fact]
    public async Task The_etag_differs_by_language()
    {
        Stored();
        var english = Get($"/api/track/{Slug}/{Number}");
        var german = Get($"/api/track/{Slug}/{Number}", "", ("Accept-Language", "de-DE"));

        await Function().GetPageAsync(english, Slug, Number, CancellationToken.None);
        var result = Assert.IsType<ContentResult>(await Function().GetPageAsync(german, Slug, Number, CancellationToken.None));

        Assert.Contains("Ihr Paket ist unterwegs", result.Content, StringComparison.Ordinal);
        Assert.NotEqual(english.HttpContext.Response.Headers.ETag.ToString(), german.HttpContext.Response.Headers.ETag.ToString());
    }

    [Fact]
    public async Task An_unknown_tracking_gets_a_friendly_404_page_that_is_not_cached()
    {
        _store.Setup(s => s.FindAsync(Slug, "NOPE123", It.IsAny<CancellationToken>())).ReturnsAsync((StoredTracking?)null);
        var request = Get($"/api/track/{Slug}/NOPE123");

        var result = Assert.IsType<ContentResult>(await Function().GetPageAsync(request, Slug, "NOPE123", CancellationToken.None));

        Assert.Equal(404, result.StatusCode);
        Assert.Contains("We cannot find this parcel yet", result.Content, StringComparison.Ordinal);
        Assert.Contains("value=\"NOPE123\"", result.Content, StringComparison.Ordinal);
        Assert.Equal("no-store", request.HttpContext.Response.Headers.CacheControl.ToString());
        Assert.Equal(PageResponse.ContentSecurityPolicy, request.HttpContext.Response.Headers.ContentSecurityPolicy.ToString());
    }

    [Fact]
    public async Task An_implausible_slug_is_a_404_without_a_storage_read()
    {
        var request = Get("/api/track/%3Cscript%3E/123");

        var result = Assert.IsType<ContentResult>(await Function().GetPageAsync(request, "<script>", "123", CancellationToken.None));

        Assert.Equal(404, result.StatusCode);
        Assert.DoesNotContain("<script>", result.Content, StringComparison.Ordinal);
        _store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Storage_down_is_a_503_page_with_retry_after_not_a_500()
    {
        _store.Setup(s => s.FindAsync(Slug, Number, It.IsAny<CancellationToken>())).ThrowsAsync(new StorageUnavailableException("down"));
        var request = Get($"/api/track/{Slug}/{Number}");

        var result = Assert.IsType<ContentResult>(await Function().GetPageAsync(request, Slug, Number, CancellationToken.None));

        Assert.Equal(503, result.StatusCode);
        Assert.Equal("30", request.HttpContext.Response.Headers.RetryAfter.ToString());
        Assert.Contains("Tracking is briefly unavailable", result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_without_a_number_shows_the_form()
    {
        var request = Get("/api/track");

        var result = Assert.IsType<ContentResult>(await Function().SearchAsync(request, CancellationToken.None));

        Assert.Equal(200, result.StatusCode);
        Assert.Contains("<form class=\"search\" method=\"get\" action=\"/api/track\">", result.Content, StringComparison.Ordinal);
        Assert.Contains("<label for=\"tracking_number\">Tracking number</label>", result.Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?tracking_number=", "Enter a tracking number.")]
    [InlineData("?tracking_number=%20%20", "Enter a tracking number.")]
    [InlineData("?tracking_number=123&slug=%3Cb%3E", "That does not look like a tracking number.")]
    [InlineData("?tracking_number=12%0A3", "That does not look like a tracking number.")]
    public async Task Bad_search_input_gets_a_400_form_with_the_reason(string query, string message)
    {
        var request = Get("/api/track", query);

        var result = Assert.IsType<ContentResult>(await Function().SearchAsync(request, CancellationToken.None));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains(message, result.Content, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", result.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_with_a_courier_redirects_to_the_page_without_a_storage_read()
    {
        var request = Get("/api/track", "?tracking_number=%201Z%2F99%20&slug=UPS");

        var result = await Function().SearchAsync(request, CancellationToken.None);

        Assert.Equal(303, Assert.IsType<StatusCodeResult>(result).StatusCode);
        Assert.Equal("/api/track/ups/1Z%2F99", request.HttpContext.Response.Headers.Location.ToString());
    }

    [Fact]
    public async Task A_number_under_one_courier_redirects_to_its_page()
    {
        _search.Setup(s => s.FindSlugsAsync(Number, ShopperTrackingPage.MaxCouriers, It.IsAny<CancellationToken>())).ReturnsAsync(["dhl"]);
        var request = Get("/api/track", "?tracking_number=" + Number);

        var result = await Function().SearchAsync(request, CancellationToken.None);

        Assert.Equal(303, Assert.IsType<StatusCodeResult>(result).StatusCode);
        Assert.Equal($"/api/track/dhl/{Number}", request.HttpContext.Response.Headers.Location.ToString());
    }

    [Fact]
    public async Task A_number_under_several_couriers_lets_the_shopper_choose()
    {
        _search.Setup(s => s.FindSlugsAsync(Number, ShopperTrackingPage.MaxCouriers, It.IsAny<CancellationToken>())).ReturnsAsync(["dhl", "dhl-germany"]);
        var request = Get("/api/track", "?tracking_number=" + Number);

        var result = Assert.IsType<ContentResult>(await Function().SearchAsync(request, CancellationToken.None));

        Assert.Equal(200, result.StatusCode);
        Assert.Contains($"<a href=\"/api/track/dhl/{Number}\">DHL", result.Content, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/api/track/dhl-germany/{Number}\">DHL Germany", result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_number_under_no_courier_is_the_friendly_404()
    {
        _search.Setup(s => s.FindSlugsAsync("X1", ShopperTrackingPage.MaxCouriers, It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var request = Get("/api/track", "?tracking_number=X1");

        var result = Assert.IsType<ContentResult>(await Function().SearchAsync(request, CancellationToken.None));

        Assert.Equal(404, result.StatusCode);
        Assert.Contains("We cannot find this parcel yet", result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Stylesheet_is_served_with_a_long_cache_and_answers_304_on_its_etag()
    {
        var first = Get("/api/track/assets/" + _assets.Stylesheet.FileName);
        var css = Assert.IsType<FileContentResult>(Function().GetAsset(first, _assets.Stylesheet.FileName));
        var second = Get("/api/track/assets/" + _assets.Stylesheet.FileName, "", ("If-None-Match", first.HttpContext.Response.Headers.ETag.ToString()));

        Assert.Equal("text/css; charset=utf-8", css.ContentType);
        Assert.StartsWith(":root{--accent:#1F5FAD}", System.Text.Encoding.UTF8.GetString(css.FileContents), StringComparison.Ordinal);
        Assert.Equal("public, max-age=86400, immutable", first.HttpContext.Response.Headers.CacheControl.ToString());
        Assert.Equal(304, Assert.IsType<StatusCodeResult>(Function().GetAsset(second, _assets.Stylesheet.FileName)).StatusCode);
        Assert.IsType<NotFoundResult>(Function().GetAsset(Get("/api/track/assets/x.css"), "x.css"));
    }

    [Fact]
    public void Icon_is_served_as_svg_so_browsers_do_not_ask_for_favicon_ico()
    {
        var request = Get("/api/track/assets/" + _assets.Icon.FileName);

        var icon = Assert.IsType<FileContentResult>(Function().GetAsset(request, _assets.Icon.FileName));

        Assert.Equal("image/svg+xml", icon.ContentType);
        Assert.Contains("#1F5FAD", System.Text.Encoding.UTF8.GetString(icon.FileContents), StringComparison.Ordinal);
    }

    [Fact]
    public void A_branding_change_renames_the_stylesheet_and_icon()
    {
        var other = PageHarness.Assets(new TrackingPageOptions { AccentColor = "#000000" });

        Assert.NotEqual(_assets.Stylesheet.FileName, other.Stylesheet.FileName);
        Assert.NotEqual(_assets.Icon.FileName, other.Icon.FileName);
    }
}
