using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.Subscriptions;

namespace TrackingFunctions.Functions;

/// <summary>
/// Runs one signed-webhook attempt per message on the queue named by <c>WebhookDeliveryQueueName</c>. Retries are
/// new messages hidden for the schedule's wait; a storage failure escapes so the host tries the message again.
/// </summary>
public sealed class DeliverWebhook(WebhookDeliverer deliverer)
{
    [Function(nameof(DeliverWebhook))]
    public async Task RunAsync([QueueTrigger("%" + AttemptScheduler.NameSetting + "%")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (DeliveryMessage.Read(message.Body) is not { } delivery)
        {
            return; // Not a message this app wrote; retrying cannot make it one.
        }

        await deliverer.DeliverAsync(delivery, cancellationToken);
    }
}
