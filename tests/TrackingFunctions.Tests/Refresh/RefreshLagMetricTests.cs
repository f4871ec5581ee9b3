using System.Diagnostics.Metrics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Http;
using TrackingFunctions.Functions;
using TrackingFunctions.Refresh;
using TrackingFunctions.Storage;
using TrackingFunctions.Telemetry;

namespace TrackingFunctions.Tests.Refresh;

/// <summary>The refresh lag gauge: how long the oldest due tracking had waited when a run started.</summary>
public sealed class RefreshLagMetricTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _services.Dispose();

    private async Task<double?> RunWithDueRowsAsync(params DateTimeOffset[] dueAt)
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        using var lag = new MetricCollector<double>(meters, TrackingMetrics.MeterName, TrackingMetrics.RefreshLagInstrument);

        // Rows whose tracking is no longer stored are dropped without an AfterShip call: enough to read the index.
        var schedule = new Mock<IRefreshScheduleStore>(MockBehavior.Loose);
        schedule.Setup(s => s.ReadDueAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns(dueAt.Select((at, i) => new DueEntry($"{at.UtcTicks}|t{i}", at, $"t{i}", "ups", $"N{i}")).ToAsyncEnumerable());
        var refresher = new TrackingRefresher(
            schedule.Object,
            Mock.Of<ITrackingStore>(MockBehavior.Strict),
            Mock.Of<IAfterShipClient>(MockBehavior.Strict),
            new AfterShipCallMetrics(meters),
            new RefreshPolicy(Options.Create(new RefreshOptions())),
            _time,
            NullLogger<TrackingRefresher>.Instance);

        await new RefreshTrackings(refresher, new TrackingMetrics(meters), NullLogger<RefreshTrackings>.Instance)
            .RunAsync(new TimerInfo(), CancellationToken.None);

        return lag.LastMeasurement?.Value;
    }

    [Fact]
    public async Task A_run_records_the_age_of_the_oldest_due_row()
    {
        var now = _time.GetUtcNow();

        var seconds = await RunWithDueRowsAsync(now.AddMinutes(-25), now.AddMinutes(-3));

        Assert.Equal(25 * 60, seconds);
    }

    [Fact]
    public async Task A_run_with_nothing_due_records_zero()
    {
        Assert.Equal(0, await RunWithDueRowsAsync());
    }
}
