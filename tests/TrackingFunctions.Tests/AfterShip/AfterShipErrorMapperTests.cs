using System.Net;
using System.Text;
using TrackingFunctions.AfterShip.Errors;

namespace TrackingFunctions.Tests.AfterShip;

/// <summary>Error responses the simulator never sends: proxy pages, empty bodies, envelopes without meta.</summary>
public sealed class AfterShipErrorMapperTests
{
    private static AfterShipApiException Map(HttpStatusCode status, string body, Action<HttpResponseMessage>? headers = null)
    {
        using var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "text/html") };
        headers?.Invoke(response);
        return AfterShipErrorMapper.Map(response, Encoding.UTF8.GetBytes(body));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public void A_proxy_error_page_maps_to_a_transient_error_carrying_only_the_status(HttpStatusCode status)
    {
        var ex = Map(status, "<html><body><h1>502 Bad Gateway</h1></body></html>");

        Assert.IsType<AfterShipApiException>(ex);
        Assert.Equal(status, ex.StatusCode);
        Assert.Null(ex.MetaCode);
        Assert.Null(ex.MetaType);
        Assert.Null(ex.MetaMessage);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public void A_non_JSON_429_maps_to_RateLimited_with_the_reset_header()
    {
        var ex = Map(HttpStatusCode.TooManyRequests, "Too Many Requests", r => r.Headers.Add("X-RateLimit-Reset", "1800000001"));

        var limited = Assert.IsType<AfterShipRateLimitedException>(ex);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_800_000_001), limited.ResetAt);
        Assert.Null(limited.MetaCode);
        Assert.True(limited.IsTransient);
    }

    [Fact]
    public void A_429_without_a_reset_header_has_no_reset_instant()
    {
        var limited = Assert.IsType<AfterShipRateLimitedException>(Map(HttpStatusCode.TooManyRequests, """{"meta":{"code":429,"type":"TooManyRequests"}}"""));

        Assert.Null(limited.ResetAt);
        Assert.Equal(429, limited.MetaCode);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "")]
    [InlineData(HttpStatusCode.Forbidden, "Forbidden")]
    [InlineData(HttpStatusCode.BadRequest, """{"data":{}}""")]
    [InlineData(HttpStatusCode.BadRequest, """{"meta":"broken"}""")]
    [InlineData(HttpStatusCode.BadRequest, "[1,2,3]")]
    public void A_client_error_without_a_readable_meta_is_not_transient(HttpStatusCode status, string body)
    {
        var ex = Map(status, body);

        Assert.IsType<AfterShipApiException>(ex);
        Assert.Equal(status, ex.StatusCode);
        Assert.Null(ex.MetaCode);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public void A_408_is_transient()
    {
        Assert.True(Map(HttpStatusCode.RequestTimeout, "timeout").IsTransient);
    }

    [Fact]
    public void Meta_4004_maps_to_NotFound_and_a_bare_404_does_not()
    {
        var missing = Map(HttpStatusCode.NotFound, """{"meta":{"code":4004,"type":"BadRequest","message":"Tracking does not exist."},"data":{}}""");
        var badUri = Map(HttpStatusCode.NotFound, """{"meta":{"code":404,"type":"NotFound","message":"The URI requested is invalid."},"data":{}}""");

        Assert.IsType<AfterShipNotFoundException>(missing);
        Assert.Equal("Tracking does not exist.", missing.MetaMessage);
        Assert.IsType<AfterShipApiException>(badUri);
        Assert.Equal(404, badUri.MetaCode);
        Assert.False(badUri.IsTransient);
    }

    [Fact]
    public void Meta_4003_maps_to_AlreadyExists_with_every_meta_field()
    {
        var ex = Map(HttpStatusCode.BadRequest, """{"meta":{"code":4003,"type":"BadRequest","message":"Tracking already exists."},"data":{"tracking":{}}}""");

        var exists = Assert.IsType<AfterShipAlreadyExistsException>(ex);
        Assert.Equal(HttpStatusCode.BadRequest, exists.StatusCode);
        Assert.Equal(4003, exists.MetaCode);
        Assert.Equal("BadRequest", exists.MetaType);
        Assert.Equal("Tracking already exists.", exists.MetaMessage);
        Assert.False(exists.IsTransient);
        Assert.Contains("meta.code 4003", exists.Message, StringComparison.Ordinal);
    }
}
