using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Refresh;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Tests.Refresh;

public sealed class RefreshPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static RefreshPolicy Policy(double jitter = 0, double random = 0.5)
        => new(new RefreshOptions { Jitter = jitter }, () => random);

    private static Tracking Tracking(string tag = TrackingTags.InTransit, string? subtag = null, bool? active = true, DateTimeOffset? createdAt = null) => new()
    {
        Id = "t1",
        Slug = "ups",
        TrackingNumber = "1Z1",
        Tag = tag,
        Subtag = subtag ?? tag + "_001",
        Active = active,
        CreatedAt = (createdAt ?? Now.AddDays(-1)).ToString("O"),
        UpdatedAt = Now.ToString("O"),
    };

    private static StoredTracking Scheduled(DateTimeOffset next, DateTimeOffset row, TimeSpan interval) => new()
    {
        Id = "t1",
        Source = TrackingSource.Webhook,
        NextRefreshAt = next,
        ScheduledRefreshAt = row,
        RefreshInterval = interval,
        Tag = TrackingTags.InTransit,
        Active = true,
    };

    [Fact]
    public void The_interval_starts_at_the_base_grows_by_the_factor_and_stops_at_the_cap()
    {
        var policy = Policy();
        var intervals = new List<TimeSpan>();
        TimeSpan? last = null;
        for (var i = 0; i < 5; i++)
        {
            last = policy.NextInterval(last, reset: false);
            intervals.Add(last.Value);
        }

        Assert.Equal(new[] { 2, 4, 8, 12, 12 }.Select(h => TimeSpan.FromHours(h)), intervals);
        Assert.Equal(TimeSpan.FromHours(2), policy.NextInterval(TimeSpan.FromHours(12), reset: true));
    }

    [Theory]
    [InlineData(0.0, -0.1)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.999999, 0.1)]
    public void Jitter_spreads_the_next_refresh_within_its_share_in_whole_seconds(double random, double share)
    {
        var policy = Policy(jitter: 0.1, random: random);

        var next = policy.NextAt(Now, TimeSpan.FromHours(2));

        Assert.Equal(Now.AddHours(2 * (1 + share)).UtcTicks, next.UtcTicks, TimeSpan.TicksPerSecond);
        Assert.Equal(0, next.UtcTicks % TimeSpan.TicksPerSecond);
        Assert.InRange(next, policy.EarliestAt(Now, TimeSpan.FromHours(2)), policy.LatestAt(Now, TimeSpan.FromHours(2)));
    }

    [Theory]
    [InlineData(TrackingTags.Delivered, null, true, true)]
    [InlineData(TrackingTags.Expired, null, true, true)]
    [InlineData(TrackingTags.InTransit, null, false, true)]
    [InlineData(TrackingTags.Exception, "Exception_013", true, true)]
    [InlineData(TrackingTags.Exception, "Exception_011", true, true)]
    [InlineData(TrackingTags.Exception, "Exception_004", true, false)]
    [InlineData(TrackingTags.InTransit, null, true, false)]
    [InlineData(TrackingTags.Pending, null, null, false)]
    public void Delivered_expired_inactive_and_completed_trackings_are_terminal(string tag, string? subtag, bool? active, bool terminal)
        => Assert.Equal(terminal, RefreshPolicy.IsTerminal(tag, subtag ?? tag + "_001", active));

    [Fact]
    public void First_sight_writes_a_due_row_before_the_state()
    {
        var plan = Policy().PlanWrite(null, Tracking(), TrackingSource.Webhook, changed: true, Now);

        Assert.Equal(Now.AddHours(2), plan.NextRefreshAt);
        Assert.Equal(Now.AddHours(2), plan.InsertRowBefore);
        Assert.Equal(Now.AddHours(2), plan.ScheduledRefreshAt);
        Assert.False(plan.MoveRowAfter);
    }

    [Fact]
    public void A_webhook_for_a_tracking_due_sooner_than_its_reset_time_keeps_its_row_and_writes_none()
    {
        var stored = Scheduled(Now.AddMinutes(30), Now.AddMinutes(30), TimeSpan.FromHours(2));

        var plan = Policy().PlanWrite(stored, Tracking(), TrackingSource.Webhook, changed: true, Now);

        Assert.Equal(Now.AddHours(2), plan.NextRefreshAt);
        Assert.Equal(Now.AddMinutes(30), plan.ScheduledRefreshAt);
        Assert.Null(plan.InsertRowBefore);
        Assert.False(plan.MoveRowAfter);
    }

    [Fact]
    public void A_webhook_inside_the_jitter_window_adopts_the_existing_row_time()
    {
        var stored = Scheduled(Now.AddHours(2).AddMinutes(5), Now.AddHours(2).AddMinutes(5), TimeSpan.FromHours(2));

        var plan = Policy(jitter: 0.1).PlanWrite(stored, Tracking(), TrackingSource.Command, changed: false, Now);

        Assert.Equal(Now.AddHours(2).AddMinutes(5), plan.NextRefreshAt);
        Assert.Null(plan.InsertRowBefore);
    }

    [Fact]
    public void A_webhook_for_a_backed_off_tracking_writes_an_earlier_row()
    {
        var stored = Scheduled(Now.AddHours(10), Now.AddHours(10), TimeSpan.FromHours(12));

        var plan = Policy().PlanWrite(stored, Tracking(), TrackingSource.Webhook, changed: true, Now);

        Assert.Equal(TimeSpan.FromHours(2), plan.Interval);
        Assert.Equal(Now.AddHours(2), plan.InsertRowBefore);
        Assert.Equal(Now.AddHours(2), plan.ScheduledRefreshAt);
    }

    [Fact]
    public void A_refresh_that_found_nothing_new_grows_the_interval_and_moves_the_row_after_the_state()
    {
        var stored = Scheduled(Now, Now, TimeSpan.FromHours(4));

        var plan = Policy().PlanWrite(stored, Tracking(), TrackingSource.Refresh, changed: false, Now);

        Assert.Equal(TimeSpan.FromHours(8), plan.Interval);
        Assert.Equal(Now.AddHours(8), plan.NextRefreshAt);
        Assert.Equal(Now.AddHours(8), plan.ScheduledRefreshAt);
        Assert.Null(plan.InsertRowBefore);
        Assert.True(plan.MoveRowAfter);
    }

    [Fact]
    public void Terminal_and_retention_expired_trackings_leave_the_schedule()
    {
        var stored = Scheduled(Now, Now, TimeSpan.FromHours(4));
        var policy = Policy();

        var delivered = policy.PlanWrite(stored, Tracking(TrackingTags.Delivered), TrackingSource.Refresh, changed: true, Now);
        var old = policy.PlanWrite(null, Tracking(createdAt: Now.AddDays(-120)), TrackingSource.Webhook, changed: true, Now);

        Assert.Null(delivered.NextRefreshAt);
        Assert.True(delivered.MoveRowAfter);
        Assert.Null(old.NextRefreshAt);
        Assert.Null(old.InsertRowBefore);
    }

    [Fact]
    public void A_met_row_is_refreshed_only_when_it_is_the_state_row_and_the_state_is_due()
    {
        var policy = Policy();
        var row = Now.AddMinutes(-5);

        Assert.Equal(DueAction.Remove, policy.Classify(row, null, Now));
        Assert.Equal(DueAction.Remove, policy.Classify(row, Scheduled(row, row, TimeSpan.FromHours(2)) with { Gone = true }, Now));
        Assert.Equal(DueAction.LeaveSchedule, policy.Classify(row, Scheduled(row, row, TimeSpan.FromHours(2)) with { Tag = TrackingTags.Delivered }, Now));
        Assert.Equal(DueAction.LeaveSchedule, policy.Classify(row, Scheduled(row, row, TimeSpan.FromHours(2)) with { CreatedAt = Now.AddDays(-121) }, Now));
        Assert.Equal(DueAction.Move, policy.Classify(row, Scheduled(Now.AddHours(1), row, TimeSpan.FromHours(2)), Now));
        Assert.Equal(DueAction.Move, policy.Classify(row, Scheduled(row, row.AddMinutes(-1), TimeSpan.FromHours(2)), Now));
        Assert.Equal(DueAction.Refresh, policy.Classify(row, Scheduled(row, row, TimeSpan.FromHours(2)), Now));
    }
}
