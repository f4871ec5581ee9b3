using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Moq;
using TrackingFunctions.Functions;
using TrackingFunctions.ShopperPage;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Tests.ShopperPage;

public sealed class ShopperOrderLookupTests
{
    private readonly Mock<IOrderLookup> _orders = new(MockBehavior.Strict);

    public ShopperOrderLookupTests() => _orders.SetupGet(o => o.Enabled).Returns(true);

    private ShopperOrderLookup Function()
    {
        var assets = PageHarness.Assets();
        return new ShopperOrderLookup(_orders.Object, new TrackingPageRenderer(Microsoft.Extensions.Options.Options.Create(PageHarness.Branding), assets, orderLookup: _orders.Object), assets);
    }

    private static HttpRequest Post(string body)
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Method = "POST";
        context.Request.Path = "/api/track/order";
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.ContentLength = bytes.Length;
        context.Request.Body = new MemoryStream(bytes);
        return context.Request;
    }

    private void Finds(params OrderParcel[] parcels)
        => _orders.Setup(o => o.FindAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(parcels);

    [Fact]
    public async Task One_parcel_redirects_to_its_page_without_caching()
    {
        Finds(new OrderParcel("dhl", "00340434161094042557"));
        var request = Post("order_number=1001&email_or_postcode=erika%40example.com");

        var result = Assert.IsType<StatusCodeResult>(await Function().LookupAsync(request, CancellationToken.None));

        Assert.Equal(303, result.StatusCode);
        Assert.Equal("/api/track/dhl/00340434161094042557", request.HttpContext.Response.Headers.Location.ToString());
        Assert.Equal("no-store", request.HttpContext.Response.Headers.CacheControl.ToString());
        _orders.Verify(o => o.FindAsync("1001", "erika@example.com", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Several_parcels_are_listed_with_links_to_each_page()
    {
        Finds(new OrderParcel("dhl", "111"), new OrderParcel("dpd", "222"), new OrderParcel("ups", "1Z333"));
        var request = Post("order_number=1001&email_or_postcode=51147");

        var result = Assert.IsType<ContentResult>(await Function().LookupAsync(request, CancellationToken.None));

        Assert.Equal(200, result.StatusCode);
        Assert.Contains("Your order was sent in 3 parcels.", result.Content, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/track/dhl/111\"", result.Content, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/track/dpd/222\"", result.Content, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/track/ups/1Z333\"", result.Content, StringComparison.Ordinal);
        Assert.Equal("no-store", request.HttpContext.Response.Headers.CacheControl.ToString());
        Assert.True(string.IsNullOrEmpty(request.HttpContext.Response.Headers.ETag));
    }

    [Fact]
    public async Task Nothing_found_answers_404_with_the_form_and_never_echoes_the_email()
    {
        Finds();
        var request = Post("order_number=1001&email_or_postcode=someone%40example.com");

        var result = Assert.IsType<ContentResult>(await Function().LookupAsync(request, CancellationToken.None));

        Assert.Equal(404, result.StatusCode);
        Assert.Contains("We could not find an order with these details.", result.Content, StringComparison.Ordinal);
        Assert.Contains("value=\"1001\"", result.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("someone", result.Content, StringComparison.Ordinal);
        Assert.Equal("no-store", request.HttpContext.Response.Headers.CacheControl.ToString());
    }

    [Theory]
    [InlineData("order_number=&email_or_postcode=x%40y.z")]
    [InlineData("order_number=1001&email_or_postcode=")]
    [InlineData("email_or_postcode=x")]
    public async Task Missing_fields_are_refused_without_a_lookup(string body)
    {
        var result = Assert.IsType<ContentResult>(await Function().LookupAsync(Post(body), CancellationToken.None));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("Enter your order number and your email address or postcode.", result.Content, StringComparison.Ordinal);
        _orders.Verify(o => o.FindAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_without_reading_it()
    {
        var request = Post("order_number=" + new string('1', ShopperOrderLookup.MaxBodyBytes));

        var result = Assert.IsType<ContentResult>(await Function().LookupAsync(request, CancellationToken.None));

        Assert.Equal(400, result.StatusCode);
    }

    [Fact]
    public async Task Storage_outage_answers_503_with_retry_after()
    {
        _orders.Setup(o => o.FindAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new StorageUnavailableException("down", new InvalidOperationException()));
        var request = Post("order_number=1001&email_or_postcode=51147");

        var result = Assert.IsType<ContentResult>(await Function().LookupAsync(request, CancellationToken.None));

        Assert.Equal(503, result.StatusCode);
        Assert.Equal("30", request.HttpContext.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task With_order_lookup_off_the_route_is_not_found_and_the_search_page_has_no_order_form()
    {
        _orders.SetupGet(o => o.Enabled).Returns(false);

        var result = Assert.IsType<ContentResult>(await Function().LookupAsync(Post("order_number=1&email_or_postcode=2"), CancellationToken.None));

        Assert.Equal(404, result.StatusCode);
        Assert.DoesNotContain("order_number", PageHarness.Renderer().Search(PageLanguage.English, "/api/track"), StringComparison.Ordinal);
    }

    [Fact]
    public void Search_page_offers_both_forms_and_the_order_form_posts()
    {
        var html = new TrackingPageRenderer(Microsoft.Extensions.Options.Options.Create(PageHarness.Branding), PageHarness.Assets(), orderLookup: _orders.Object).Search(PageLanguage.English, "/api/track");

        Assert.Contains("<form class=\"search\" method=\"get\" action=\"/api/track\">", html, StringComparison.Ordinal);
        Assert.Contains("<form class=\"search\" method=\"post\" action=\"/api/track/order\">", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"email_or_postcode\">Email or postcode</label>", html, StringComparison.Ordinal);
    }
}
