using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.Attention;

namespace TrackingFunctions.Functions;

/// <summary>
/// The attention timer (app setting <c>AttentionSchedule</c>, NCRONTAB in UTC, e.g. <c>0 5 * * * *</c>): raises the
/// causes that start with time alone (no checkpoint for days, still pending, estimate passed) for trackings whose
/// deadline came due, then sends the hourly digest email if <c>Alerts__Email</c> is set. The host runs one
/// invocation at a time across instances.
/// </summary>
public sealed class CheckAttention(AttentionSweep sweep, AttentionDigest digest)
{
    [Function(nameof(CheckAttention))]
    public async Task RunAsync([TimerTrigger("%AttentionSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        await sweep.RunAsync(cancellationToken);
        await digest.SendAsync(cancellationToken);
    }
}
