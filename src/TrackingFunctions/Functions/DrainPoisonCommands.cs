using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.Commands;

namespace TrackingFunctions.Functions;

/// <summary>Empties <c>&lt;CommandQueueName&gt;-poison</c> into the DeadLetters table, logging an error for each.</summary>
public sealed class DrainPoisonCommands(PoisonMessageDrain drain)
{
    [Function(nameof(DrainPoisonCommands))]
    public async Task RunAsync([QueueTrigger("%" + CommandQueueSettings.NameSetting + "%-poison")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await drain.DrainAsync(message.Body.ToMemory(), message.MessageId, "poison", message.DequeueCount, message.InsertedOn, cancellationToken);
    }
}
