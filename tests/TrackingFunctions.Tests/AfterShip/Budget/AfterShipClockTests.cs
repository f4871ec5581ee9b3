using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.AfterShip.Budget;

namespace TrackingFunctions.Tests.AfterShip.Budget;

public sealed class AfterShipClockTests
{
    private static readonly DateTimeOffset Real = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A response counted at real time <paramref name="counted"/> by a server whose windows are whole real seconds.</summary>
    private static void Respond(AfterShipClock clock, TimeSpan skew, DateTimeOffset counted, TimeSpan latency)
    {
        var reset = DateTimeOffset.FromUnixTimeSeconds(counted.ToUnixTimeSeconds() + 1);
        clock.Observe(counted - latency + skew, counted + latency + skew, reset);
    }

    [Fact]
    public void Without_responses_the_local_clock_is_trusted()
    {
        var time = new FakeTimeProvider(Real);
        var clock = new AfterShipClock(time);

        Assert.Equal(TimeSpan.Zero, clock.Offset);
        Assert.Equal(Real, clock.Now);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(-100)]
    [InlineData(350)]
    public void Responses_spread_over_a_second_pin_the_offset_to_within_the_round_trip(int skewMilliseconds)
    {
        var skew = TimeSpan.FromMilliseconds(skewMilliseconds);
        var clock = new AfterShipClock(new FakeTimeProvider(Real + skew));
        var latency = TimeSpan.FromMilliseconds(5);

        for (var ms = 0; ms < 2000; ms += 37)
        {
            Respond(clock, skew, Real.AddMilliseconds(ms), latency);
        }

        Assert.InRange(clock.Offset.TotalMilliseconds, -skewMilliseconds - 25, -skewMilliseconds + 25);
        Assert.InRange((clock.Now - Real).TotalMilliseconds, -25, 25);
    }

    [Fact]
    public void One_response_moves_the_clock_only_as_far_as_it_proves_it_wrong()
    {
        var skew = TimeSpan.FromMilliseconds(-300);
        var clock = new AfterShipClock(new FakeTimeProvider(Real + skew));

        // Counted 50 ms into a window, which our clock (300 ms behind) places in the previous one: ours must be at
        // least 245 ms slow, and nothing says by how much more.
        Respond(clock, skew, Real.AddMilliseconds(50), TimeSpan.FromMilliseconds(5));

        Assert.InRange(clock.Offset.TotalMilliseconds, 240, 250);
    }

    [Fact]
    public void A_contradicting_response_after_a_clock_step_starts_the_estimate_afresh()
    {
        var clock = new AfterShipClock(new FakeTimeProvider(Real));
        for (var ms = 0; ms < 2000; ms += 37)
        {
            Respond(clock, TimeSpan.Zero, Real.AddMilliseconds(ms), TimeSpan.FromMilliseconds(5));
        }

        // The local clock is stepped 2 s ahead.
        Respond(clock, TimeSpan.FromSeconds(2), Real.AddMilliseconds(2500), TimeSpan.FromMilliseconds(5));

        Assert.InRange(clock.Offset.TotalMilliseconds, -2000, -1000);
    }
}
