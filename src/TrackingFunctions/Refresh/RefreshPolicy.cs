using Microsoft.Extensions.Options;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Refresh;

/// <summary>
/// The refresh schedule's rules, free of I/O: which trackings stay on the schedule, how the wait grows and resets,
/// what a write does to a tracking's due row, and what the timer does with a due row it meets.
/// </summary>
public sealed class RefreshPolicy
{
    /// <summary>Exception subtags that end a shipment: returned to sender, lost (what mark-as-completed sets).</summary>
    public static readonly IReadOnlySet<string> TerminalExceptionSubtags = new HashSet<string>(StringComparer.Ordinal) { "Exception_011", "Exception_013" };

    private readonly Func<double> _random;

    public RefreshPolicy(IOptions<RefreshOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value, Random.Shared.NextDouble)
    {
    }

    /// <summary>For tests: <paramref name="random"/> returns values in [0, 1) and decides the jitter.</summary>
    internal RefreshPolicy(RefreshOptions options, Func<double> random)
    {
        Options = options;
        _random = random;
    }

    public RefreshOptions Options { get; }

    /// <summary>
    /// AfterShip no longer updates the tracking: Delivered, Expired, <c>active=false</c> (set on both, after 30 days
    /// without news, and by mark-as-completed), or an Exception subtag that ends the shipment.
    /// </summary>
    public static bool IsTerminal(string? tag, string? subtag, bool? active)
        => active == false
           || tag is TrackingTags.Delivered or TrackingTags.Expired
           || (subtag is not null && TerminalExceptionSubtags.Contains(subtag));

    /// <summary>AfterShip deletes trackings <see cref="RefreshOptions.Retention"/> after <c>created_at</c>.</summary>
    public bool IsPastRetention(DateTimeOffset? createdAt, DateTimeOffset now)
        => createdAt is { } created && now - created >= Options.Retention;

    /// <summary>The wait before the next refresh: the base after a change, else the last wait grown by the factor, capped.</summary>
    public TimeSpan NextInterval(TimeSpan? previous, bool reset)
    {
        var first = Min(Options.BaseInterval, Options.MaxInterval);
        if (reset || previous is not { } last || last <= TimeSpan.Zero)
        {
            return first;
        }

        var grown = last.TotalSeconds * Options.BackoffFactor;
        return grown >= Options.MaxInterval.TotalSeconds ? Options.MaxInterval : Max(first, TimeSpan.FromSeconds(grown));
    }

    /// <summary><paramref name="now"/> plus the interval spread by the jitter, in whole seconds.</summary>
    public DateTimeOffset NextAt(DateTimeOffset now, TimeSpan interval)
        => Truncate(now + (interval * (1 + (Options.Jitter * ((2 * _random()) - 1)))));

    /// <summary>The earliest time <see cref="NextAt"/> can return.</summary>
    public DateTimeOffset EarliestAt(DateTimeOffset now, TimeSpan interval) => Truncate(now + (interval * (1 - Options.Jitter)));

    /// <summary>The latest time <see cref="NextAt"/> can return.</summary>
    public DateTimeOffset LatestAt(DateTimeOffset now, TimeSpan interval) => Truncate(now + (interval * (1 + Options.Jitter)));

    /// <summary>
    /// The schedule a write of <paramref name="tracking"/> leaves behind. Webhooks and commands reset the wait and
    /// keep the due row when it comes due no later than the new time could (the common case, costing the webhook no
    /// extra storage call); they insert an earlier row before the state otherwise. A refresh always moves the row,
    /// after the state. Terminal trackings and trackings past retention leave the schedule.
    /// </summary>
    public SchedulePlan PlanWrite(StoredTracking? stored, Tracking tracking, string source, bool changed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        var createdAt = AfterShipDate.Parse(tracking.CreatedAt) ?? stored?.CreatedAt;
        if (IsTerminal(tracking.Tag, tracking.Subtag, tracking.Active) || IsPastRetention(createdAt, now))
        {
            // A refresh removes the row it came from; after a webhook the timer deletes the row when it meets it.
            return new SchedulePlan(null, null, stored?.ScheduledRefreshAt, null, MoveRowAfter: source == TrackingSource.Refresh);
        }

        var refresh = source == TrackingSource.Refresh;
        var row = stored is { NextRefreshAt: not null, Gone: false } ? stored.ScheduledRefreshAt : null;
        var interval = NextInterval(stored?.RefreshInterval, reset: changed || !refresh || row is null);
        var next = NextAt(now, interval);
        if (refresh)
        {
            return new SchedulePlan(next, interval, next, null, MoveRowAfter: true);
        }

        if (row is { } existing && existing <= LatestAt(now, interval))
        {
            // Inside the jitter window the existing row is as good a time as a fresh draw; earlier, the timer moves it
            // when it meets it. Either way the webhook writes no row.
            return new SchedulePlan(existing >= EarliestAt(now, interval) ? existing : next, interval, existing, null, MoveRowAfter: false);
        }

        return new SchedulePlan(next, interval, next, next, MoveRowAfter: false);
    }

    /// <summary>What the timer does with a due row at <paramref name="rowAt"/> given the tracking's stored state.</summary>
    public DueAction Classify(DateTimeOffset rowAt, StoredTracking? state, DateTimeOffset now)
    {
        if (state is null || state.Gone || state.NextRefreshAt is null)
        {
            return DueAction.Remove;
        }

        if (IsTerminal(state.Tag, state.Subtag, state.Active) || IsPastRetention(state.CreatedAt, now))
        {
            return DueAction.LeaveSchedule;
        }

        return state.NextRefreshAt > now || state.ScheduledRefreshAt != rowAt ? DueAction.Move : DueAction.Refresh;
    }

    internal static DateTimeOffset Truncate(DateTimeOffset value)
        => new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>
/// A write's effect on the schedule. <see cref="ScheduledRefreshAt"/> is the due row the state will point at;
/// <see cref="InsertRowBefore"/> is a row to write before the state; <see cref="MoveRowAfter"/> moves the row from
/// the stored <see cref="StoredTracking.ScheduledRefreshAt"/> to the new one after the state is written (or deletes
/// it, when the tracking leaves the schedule).
/// </summary>
public sealed record SchedulePlan(
    DateTimeOffset? NextRefreshAt,
    TimeSpan? Interval,
    DateTimeOffset? ScheduledRefreshAt,
    DateTimeOffset? InsertRowBefore,
    bool MoveRowAfter);

/// <summary>What the timer does with a due row.</summary>
public enum DueAction
{
    /// <summary>The tracking is unknown, gone or off the schedule: delete the row.</summary>
    Remove,

    /// <summary>Terminal or past retention: clear the schedule in the state, then delete the row.</summary>
    LeaveSchedule,

    /// <summary>Not due (a webhook pushed it later) or the row is not the state's: move the row to the state's time.</summary>
    Move,

    /// <summary>Due: fetch it from AfterShip.</summary>
    Refresh,
}
