using Microsoft.Extensions.Options;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Http;

namespace TrackingFunctions.Tests.AfterShip;

public sealed class AfterShipRateLimitersTests
{
    [Fact]
    public void Each_endpoint_gets_its_documented_rate_less_the_headroom()
    {
        var options = new AfterShipOptions { ApiKey = "k", RateLimitHeadroom = 0.1 };

        Assert.Equal(18, AfterShipRateLimiters.EffectiveRate(options, AfterShipEndpoint.CreateTracking), 6);
        Assert.Equal(5.4, AfterShipRateLimiters.EffectiveRate(options, AfterShipEndpoint.ListTrackings), 6);
        Assert.Equal(4.5, AfterShipRateLimiters.EffectiveRate(options, AfterShipEndpoint.GetTracking), 6);
        Assert.Equal(2.7, AfterShipRateLimiters.EffectiveRate(options, AfterShipEndpoint.DetectCourier), 6);
    }

    [Fact]
    public void Interval_between_permits_is_the_inverse_of_the_effective_rate()
    {
        using var limiters = new AfterShipRateLimiters(Options.Create(new AfterShipOptions { ApiKey = "k", RateLimitHeadroom = 0 }));

        Assert.Equal(TimeSpan.FromMilliseconds(200), limiters.Interval(AfterShipEndpoint.GetTracking));
        Assert.Equal(TimeSpan.FromMilliseconds(50), limiters.Interval(AfterShipEndpoint.CreateTracking));
    }

    [Fact]
    public async Task Only_one_permit_is_banked_so_an_idle_endpoint_cannot_burst()
    {
        using var limiters = new AfterShipRateLimiters(Options.Create(new AfterShipOptions { ApiKey = "k", RateLimits = new AfterShipRateLimits { GetTracking = 0.1 } }));

        Assert.True((await limiters.AcquireAsync(AfterShipEndpoint.GetTracking, CancellationToken.None)).IsAcquired);
        var second = limiters.AcquireAsync(AfterShipEndpoint.GetTracking, CancellationToken.None).AsTask();

        Assert.False(second.IsCompleted);
    }

    [Fact]
    public async Task Endpoints_do_not_share_permits()
    {
        using var limiters = new AfterShipRateLimiters(Options.Create(new AfterShipOptions { ApiKey = "k" }));

        Assert.True((await limiters.AcquireAsync(AfterShipEndpoint.GetTracking, CancellationToken.None)).IsAcquired);
        Assert.True((await limiters.AcquireAsync(AfterShipEndpoint.ListTrackings, CancellationToken.None)).IsAcquired);
        Assert.True((await limiters.AcquireAsync(AfterShipEndpoint.CreateTracking, CancellationToken.None)).IsAcquired);
    }

    [Fact]
    public async Task Waiting_for_a_permit_honours_cancellation()
    {
        using var limiters = new AfterShipRateLimiters(Options.Create(new AfterShipOptions { ApiKey = "k" }));
        await limiters.AcquireAsync(AfterShipEndpoint.GetTracking, CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var waiting = limiters.AcquireAsync(AfterShipEndpoint.GetTracking, cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
