using System.Diagnostics;
using Microsoft.Extensions.Options;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Http;

namespace TrackingFunctions.Tests.AfterShip;

/// <summary>
/// The limiters space permits by the interval on the real clock: nothing is banked while idle, and a caller that
/// gives up does not cost the queue a slot.
/// </summary>
public sealed class AfterShipRateLimiterSpacingTests
{
    private static AfterShipRateLimiters Limiters(double getPerSecond)
        => new(Options.Create(new AfterShipOptions { ApiKey = "k", RateLimitHeadroom = 0, RateLimits = new AfterShipRateLimits { GetTracking = getPerSecond } }));

    private static async Task<TimeSpan> GrantedAtAsync(AfterShipRateLimiters limiters, Stopwatch clock, CancellationToken cancellationToken = default)
    {
        using var lease = await limiters.AcquireAsync(AfterShipEndpoint.GetTracking, cancellationToken);
        Assert.True(lease.IsAcquired);
        return clock.Elapsed;
    }

    [Fact]
    public async Task After_an_idle_spell_the_second_of_two_callers_still_waits_a_full_interval()
    {
        using var limiters = Limiters(10);
        var clock = Stopwatch.StartNew();
        await GrantedAtAsync(limiters, clock);

        // The scenario: the endpoint idles for two and a half intervals, then two callers arrive together.
        await Task.Delay(TimeSpan.FromMilliseconds(250));
        var first = GrantedAtAsync(limiters, clock);
        var second = GrantedAtAsync(limiters, clock);

        Assert.True(first.IsCompleted, "Nothing was queued, so the first caller is served at once.");
        var gap = await second - await first;
        Assert.True(gap >= TimeSpan.FromMilliseconds(100), $"The second permit came {gap.TotalMilliseconds:0.0} ms after the first.");
    }

    [Fact]
    public async Task Queued_permits_are_spaced_by_the_exact_interval_not_a_rounded_one()
    {
        // 4.5/s is 222.2 ms, a period a millisecond timer would round down.
        using var limiters = new AfterShipRateLimiters(Options.Create(new AfterShipOptions { ApiKey = "k" }));
        var interval = limiters.Interval(AfterShipEndpoint.GetTracking);
        var clock = Stopwatch.StartNew();

        var grants = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => GrantedAtAsync(limiters, clock)));

        Assert.Equal(TimeSpan.FromTicks(2_222_223), interval);
        Assert.True(grants[^1] - grants[0] >= interval * 5, $"Six permits took {(grants[^1] - grants[0]).TotalMilliseconds:0.0} ms.");
    }

    [Fact]
    public async Task A_caller_that_gives_up_hands_its_slot_to_the_next_one()
    {
        using var limiters = Limiters(1);
        var clock = Stopwatch.StartNew();
        await GrantedAtAsync(limiters, clock);
        using (var cts = new CancellationTokenSource())
        {
            var leaving = GrantedAtAsync(limiters, clock, cts.Token);
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        }

        var next = await GrantedAtAsync(limiters, clock);

        Assert.InRange(next, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.9));
    }
}
