using System.Diagnostics.Metrics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Moq;
using TrackingFunctions.Telemetry;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Http;
using TrackingFunctions.Functions;
using TrackingFunctions.Refresh;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Tests.Refresh;

public sealed class RefreshTrackingsFunctionTests : IDisposable
{
    private readonly ServiceProvider _metricsServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Mock<IRefreshScheduleStore> _schedule = new(MockBehavior.Strict);
    private readonly FakeLogger<RefreshTrackings> _functionLog = new();
    private readonly FakeLogger<TrackingRefresher> _refresherLog = new();

    public void Dispose() => _metricsServices.Dispose();

    private RefreshTrackings Function()
    {
        _schedule.Setup(s => s.ReadDueAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).Returns(AsyncEnumerable.Empty<DueEntry>());
        var refresher = new TrackingRefresher(
            _schedule.Object,
            Mock.Of<ITrackingStore>(MockBehavior.Strict),
            Mock.Of<IAfterShipClient>(MockBehavior.Strict),
            new AfterShipCallMetrics(_metricsServices.GetRequiredService<IMeterFactory>()),
            new RefreshPolicy(Options.Create(new RefreshOptions())),
            TimeProvider.System,
            _refresherLog);
        return new RefreshTrackings(refresher, new TrackingMetrics(_metricsServices.GetRequiredService<IMeterFactory>()), _functionLog);
    }

    [Fact]
    public async Task A_timer_without_schedule_status_runs_one_pass_and_logs_its_summary()
    {
        await Function().RunAsync(new TimerInfo { ScheduleStatus = null, IsPastDue = false }, CancellationToken.None);

        Assert.Empty(_functionLog.Collector.GetSnapshot());
        var summary = Assert.Single(_refresherLog.Collector.GetSnapshot());
        Assert.StartsWith("Refresh run: 0 due of 0 rows read", summary.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_past_due_timer_logs_a_warning_and_still_runs()
    {
        await Function().RunAsync(new TimerInfo { IsPastDue = true }, CancellationToken.None);

        Assert.Equal(LogLevel.Warning, Assert.Single(_functionLog.Collector.GetSnapshot()).Level);
        Assert.Single(_refresherLog.Collector.GetSnapshot());
    }
}
