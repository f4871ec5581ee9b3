using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.Changes;

namespace TrackingFunctions.Functions;

/// <summary>
/// The outbox sweep timer (app setting <c>ChangeSweepSchedule</c>, NCRONTAB in UTC, e.g. <c>0 */1 * * * *</c>):
/// publishes change events whose immediate publish never happened. The host runs one invocation at a time across
/// instances, so the sweep is a singleton.
/// </summary>
public sealed class SweepChangeOutbox(ChangeOutboxSweeper sweeper)
{
    [Function(nameof(SweepChangeOutbox))]
    public async Task RunAsync([TimerTrigger("%ChangeSweepSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        await sweeper.SweepAsync(cancellationToken);
    }
}
