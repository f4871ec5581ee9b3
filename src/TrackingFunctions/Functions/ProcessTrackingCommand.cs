using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.Commands;

namespace TrackingFunctions.Functions;

/// <summary>
/// Carries out tracking commands from the queue named by the app setting <c>CommandQueueName</c>. Throwing hands
/// the message back to the queue for another try; after <c>maxDequeueCount</c> the host moves it to the poison queue.
/// </summary>
public sealed class ProcessTrackingCommand(TrackingCommandProcessor processor)
{
    [Function(nameof(ProcessTrackingCommand))]
    public async Task RunAsync([QueueTrigger("%" + CommandQueueSettings.NameSetting + "%")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await processor.ProcessAsync(message.Body.ToMemory(), message.MessageId, message.DequeueCount, cancellationToken);
    }
}
