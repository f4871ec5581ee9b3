using TrackingFunctions.AfterShip.Budget;

namespace TrackingFunctions.Tests.AfterShip.Budget;

public sealed class SharedKeyUsageTests
{
    private static readonly DateTimeOffset Window = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void What_AfterShip_counted_beyond_our_own_requests_is_someone_elses_rate()
    {
        var usage = new SharedKeyUsage();

        // Half-way through the window: AfterShip counted 70, of which 45 were ours.
        usage.Observe(Window.AddMilliseconds(500), Window.AddSeconds(1), limit: 100, remaining: 30, ours: 45);

        Assert.Equal(50, usage.ForeignPerSecond(Window.AddMilliseconds(500)), 6);
    }

    [Fact]
    public void Samples_early_in_a_window_are_ignored()
    {
        var usage = new SharedKeyUsage();

        usage.Observe(Window.AddMilliseconds(50), Window.AddSeconds(1), limit: 100, remaining: 90, ours: 1);

        Assert.Equal(0, usage.ForeignPerSecond(Window.AddMilliseconds(50)));
    }

    [Fact]
    public void The_estimate_lapses_when_no_response_renews_it()
    {
        var usage = new SharedKeyUsage();
        usage.Observe(Window.AddMilliseconds(500), Window.AddSeconds(1), limit: 100, remaining: 30, ours: 45);

        Assert.Equal(0, usage.ForeignPerSecond(Window.AddMilliseconds(500) + SharedKeyUsage.Expiry + TimeSpan.FromMilliseconds(1)));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(50, 0.5)]
    [InlineData(100, SharedKeyUsage.MaximumSkip)]
    public void The_skip_leaves_room_for_the_other_user_and_never_stops_us_entirely(double foreign, double expected)
    {
        Assert.Equal(expected, SharedKeyUsage.SkipShare(limit: 100, headroom: 0.1, ourRate: 90, foreignPerSecond: foreign), 6);
    }
}
