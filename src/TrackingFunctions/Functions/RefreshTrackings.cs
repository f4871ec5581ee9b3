using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using TrackingFunctions.Refresh;
using TrackingFunctions.Telemetry;

namespace TrackingFunctions.Functions;

/// <summary>
/// The refresh timer (app setting <c>RefreshSchedule</c>, NCRONTAB in UTC, e.g. <c>0 */15 * * * *</c>): keeps stored
/// tracking states fresh in case webhooks were missed. The host runs one invocation at a time across instances.
/// </summary>
public sealed partial class RefreshTrackings(TrackingRefresher refresher, TrackingMetrics metrics, ILogger<RefreshTrackings> logger)
{
    [Function(nameof(RefreshTrackings))]
    public async Task RunAsync([TimerTrigger("%RefreshSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.IsPastDue)
        {
            // A missed or late occurrence (restart, deployment, scale-in): the due index has kept every tracking's place,
            // so this run simply starts with the most overdue rows.
            LogPastDue(logger, timer.ScheduleStatus?.Last, timer.ScheduleStatus?.Next);
        }

        var summary = await refresher.RunAsync(cancellationToken);
        metrics.RefreshLag(summary.Lag);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh timer is past due (last {Last}, next {Next}); running now")]
    private static partial void LogPastDue(ILogger logger, DateTime? last, DateTime? next);
}
