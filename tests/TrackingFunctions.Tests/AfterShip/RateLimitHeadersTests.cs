using System.Net;
using TrackingFunctions.AfterShip.Http;

namespace TrackingFunctions.Tests.AfterShip;

public sealed class RateLimitHeadersTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000).AddMilliseconds(300);

    private static HttpResponseMessage Response429(Action<HttpResponseMessage>? headers = null)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        headers?.Invoke(response);
        return response;
    }

    [Fact]
    public void Waits_until_X_RateLimit_Reset()
    {
        using var response = Response429(r => r.Headers.Add("X-RateLimit-Reset", "1800000001"));

        Assert.Equal(TimeSpan.FromMilliseconds(700) + RateLimitHeaders.ResetMargin, RateLimitHeaders.DelayAfter429(response, Now));
    }

    [Fact]
    public void Falls_back_to_Retry_After()
    {
        using var response = Response429(r => r.Headers.Add("Retry-After", "3"));

        Assert.Equal(TimeSpan.FromSeconds(3), RateLimitHeaders.DelayAfter429(response, Now));
    }

    [Fact]
    public void Waits_about_a_second_when_nothing_says()
    {
        using var response = Response429();

        Assert.Equal(TimeSpan.FromSeconds(1), RateLimitHeaders.DelayAfter429(response, Now));
    }

    [Fact]
    public void Reset_in_the_past_means_at_most_the_margin_and_far_future_is_capped()
    {
        using var past = Response429(r => r.Headers.Add("X-RateLimit-Reset", "1700000000"));
        using var future = Response429(r => r.Headers.Add("X-RateLimit-Reset", "1900000000"));

        Assert.Equal(TimeSpan.Zero, RateLimitHeaders.DelayAfter429(past, Now));
        Assert.True(RateLimitHeaders.DelayAfter429(past, Now) <= RateLimitHeaders.ResetMargin);
        Assert.Equal(TimeSpan.FromMinutes(1), RateLimitHeaders.DelayAfter429(future, Now));
    }
}
