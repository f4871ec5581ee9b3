using Microsoft.Extensions.Configuration;
using TrackingFunctions.Infrastructure;

namespace TrackingFunctions.Subscriptions;

/// <summary>
/// The queue of delivery attempts, in the host's storage. A retry is a new message hidden until its time comes, so
/// no function waits for it.
/// </summary>
public sealed class AttemptScheduler(HostQueues queues, IConfiguration configuration)
{
    /// <summary>The flat app setting naming the queue; the trigger binds <c>%WebhookDeliveryQueueName%</c>.</summary>
    public const string NameSetting = "WebhookDeliveryQueueName";

    public const string DefaultName = "webhook-deliveries";

    public string Name => configuration[NameSetting] is { Length: > 0 } name ? name : DefaultName;

    public Task SendAsync(DeliveryMessage message, TimeSpan delay, CancellationToken cancellationToken)
        => queues.SendAsync(Name, message.ToBinary(), delay, cancellationToken);
}
