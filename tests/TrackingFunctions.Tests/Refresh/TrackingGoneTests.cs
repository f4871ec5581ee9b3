using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Errors;
using TrackingFunctions.Refresh;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Tests.Refresh;

/// <summary>A 4004 from GET /trackings/{id} while other writes race the refresh: every due tracking is counted once.</summary>
public sealed class TrackingGoneTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly Mock<IRefreshScheduleStore> _schedule = new(MockBehavior.Strict);

    [Fact]
    public async Task A_4004_for_a_tracking_written_after_AfterShip_was_asked_is_counted_superseded_not_gone()
    {
        _schedule.Setup(s => s.LeaveAsync(It.IsAny<DueEntry>(), It.IsAny<StoredTracking>(), true, It.IsAny<CancellationToken>())).ReturnsAsync(false);
        _schedule.Setup(s => s.ReadStateAsync("t1", It.IsAny<CancellationToken>())).ReturnsAsync(State(Now.AddSeconds(1)));

        var run = await RefreshAsync();

        Assert.Equal(1, run.Superseded);
        Assert.Equal(0, run.Gone);
        Assert.Equal(0, run.Deferred);
    }

    [Fact]
    public async Task A_4004_whose_leave_keeps_conflicting_is_counted_deferred_after_three_tries()
    {
        _schedule.Setup(s => s.LeaveAsync(It.IsAny<DueEntry>(), It.IsAny<StoredTracking>(), true, It.IsAny<CancellationToken>())).ReturnsAsync(false);
        _schedule.Setup(s => s.ReadStateAsync("t1", It.IsAny<CancellationToken>())).ReturnsAsync(State(Now.AddMinutes(-5)));

        var run = await RefreshAsync();

        Assert.Equal(1, run.Deferred);
        Assert.Equal(0, run.Gone);
        Assert.Equal(0, run.Superseded);
        _schedule.Verify(s => s.LeaveAsync(It.IsAny<DueEntry>(), It.IsAny<StoredTracking>(), true, It.IsAny<CancellationToken>()), Times.Exactly(3));
    }

    [Fact]
    public async Task A_4004_whose_leave_succeeds_is_counted_gone()
    {
        _schedule.Setup(s => s.LeaveAsync(It.IsAny<DueEntry>(), It.IsAny<StoredTracking>(), true, It.IsAny<CancellationToken>())).ReturnsAsync(true);

        var run = await RefreshAsync();

        Assert.Equal(1, run.Gone);
        Assert.Equal(0, run.Deferred + run.Superseded);
    }

    private static StoredTracking State(DateTimeOffset sourceAt) => new() { Id = "t1", Source = TrackingSource.Refresh, SourceAt = sourceAt };

    private async Task<RefreshRun> RefreshAsync()
    {
        var client = new Mock<IAfterShipClient>(MockBehavior.Strict);
        client.Setup(c => c.GetTrackingAsync("t1", It.IsAny<CancellationToken>()))
            .ThrowsAsync(new AfterShipNotFoundException(HttpStatusCode.NotFound, 4004, "BadRequest", "Tracking does not exist."));
        var policy = new RefreshPolicy(Options.Create(new RefreshOptions()));
        var writer = new RefreshResultWriter(
            Mock.Of<ITrackingStore>(MockBehavior.Strict),
            _schedule.Object,
            policy,
            new DueTrackingSelector(_schedule.Object, policy, _time, NullLogger.Instance),
            _time,
            NullLogger.Instance);
        var refresher = new TrackingByIdRefresher(_schedule.Object, client.Object, writer, _time, NullLogger.Instance);
        var run = new RefreshRun(_time, TimeSpan.FromMinutes(5));
        using var gate = new SemaphoreSlim(1);

        await refresher.RefreshAsync(run, new DueTracking(new DueEntry("r1", Now, "t1", null, null), State(Now.AddHours(-2))), gate, CancellationToken.None);

        return run;
    }
}
