using Microsoft.Extensions.Options;
using TrackingFunctions.Subscriptions;

namespace TrackingFunctions.Tests.Subscriptions;

public sealed class RetryPolicyTests
{
    private static RetryPolicy Policy(double jitter = 0) => new(Options.Create(new SubscriptionOptions { Jitter = jitter }));

    [Fact]
    public void Default_schedule_is_at_once_then_5s_5min_30min_2h_5h_10h_10h()
    {
        var policy = Policy();

        Assert.Equal(8, policy.MaxAttempts);
        Assert.Equal(
            [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10)],
            Enumerable.Range(1, 7).Select(a => policy.DelayAfter(a, null)!.Value));
        Assert.Null(policy.DelayAfter(8, null));
    }

    [Fact]
    public void Jitter_only_lengthens_a_step_by_at_most_its_fraction()
    {
        var policy = Policy(jitter: 0.1);

        var delays = Enumerable.Range(0, 200).Select(_ => policy.DelayAfter(2, null)!.Value).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5.5)));
        Assert.True(delays.Distinct().Count() > 1);
    }

    [Fact]
    public void Retry_After_longer_than_the_step_wins_and_is_capped_at_a_day()
    {
        var policy = Policy();

        Assert.Equal(TimeSpan.FromMinutes(1), policy.DelayAfter(1, TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromMinutes(5), policy.DelayAfter(2, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromDays(1), policy.DelayAfter(1, TimeSpan.FromDays(3)));
    }

    [Theory]
    [InlineData("00:00:05,00:05:00", true)]
    [InlineData("5s", false)]
    [InlineData("", false)]
    [InlineData("7.00:00:00", false)]
    public void Schedule_setting_parses_only_comma_separated_waits_within_six_days(string schedule, bool valid)
        => Assert.Equal(valid, new SubscriptionOptions { RetrySchedule = schedule }.ParseRetrySchedule() is not null);
}
