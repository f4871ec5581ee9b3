using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.AfterShip;
using TrackingFunctions.Couriers;

namespace TrackingFunctions.Functions;

/// <summary>
/// The courier directory timer (app setting <c>CourierRefreshSchedule</c>, NCRONTAB in UTC, e.g. <c>0 0 3 * * *</c>):
/// fetches AfterShip's couriers into the Couriers table, so commands and the page read names and required fields
/// from storage. A failure is left to the host, which logs it; the stored directory stays in use until the next run.
/// </summary>
public sealed class RefreshCourierDirectory(CourierDirectory directory)
{
    [Function(nameof(RefreshCourierDirectory))]
    public async Task RunAsync([TimerTrigger("%CourierRefreshSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        using var priority = AfterShipCallPriority.Begin(AfterShipPriority.Refresh);
        await directory.RefreshAsync(cancellationToken);
    }
}
