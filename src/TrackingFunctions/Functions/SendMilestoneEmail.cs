using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.Notifications;

namespace TrackingFunctions.Functions;

/// <summary>
/// Sends the milestone emails queued on <c>NotificationQueueName</c>. A failure escapes, so the host retries the
/// message; SMTP failures themselves are recorded and retried by a delayed message, never by a sleeping function.
/// </summary>
public sealed class SendMilestoneEmail(MilestoneMailerRunner mailer)
{
    [Function(nameof(SendMilestoneEmail))]
    public async Task RunAsync([QueueTrigger("%" + NotificationOptions.QueueNameSetting + "%")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (NotificationMessages.Read(message.Body) is not var (trackingId, milestone))
        {
            // Not a message this app wrote; retrying cannot make it one.
            return;
        }

        await mailer.SendAsync(trackingId, milestone, cancellationToken);
    }
}
