using System.Net;
using System.Text;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Errors;

namespace TrackingFunctions.Tests.AfterShip;

/// <summary>The client over a canned response (no pipeline): bodies the simulator never sends.</summary>
public sealed class AfterShipClientResponseTests
{
    private static AfterShipClient Client(HttpStatusCode status, string body, string mediaType = "application/json")
        => new(new HttpClient(new Canned(status, body, mediaType)) { BaseAddress = new Uri("http://aftership.invalid/tracking/2025-01/") });

    [Fact]
    public async Task A_non_JSON_error_page_throws_a_transient_error_with_the_status()
    {
        var client = Client(HttpStatusCode.BadGateway, "<html>502 Bad Gateway</html>", "text/html");

        var ex = await Assert.ThrowsAsync<AfterShipApiException>(() => client.GetTrackingAsync("abc", CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Null(ex.MetaCode);
        Assert.True(ex.IsTransient);
    }

    [Theory]
    [InlineData("<html>maintenance</html>")]
    [InlineData("""{"meta":{"code":200}}""")]
    [InlineData("""{"meta":{"code":200},"data":null}""")]
    public async Task A_success_without_a_tracking_envelope_throws_a_transient_error(string body)
    {
        var client = Client(HttpStatusCode.OK, body);

        var ex = await Assert.ThrowsAsync<AfterShipApiException>(() => client.GetTrackingAsync("abc", CancellationToken.None));

        Assert.True(ex.IsTransient);
        Assert.Null(ex.MetaCode);
    }

    private sealed class Canned(HttpStatusCode status, string body, string mediaType) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType), RequestMessage = request });
    }
}
