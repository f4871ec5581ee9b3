using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.Import;

namespace TrackingFunctions.Functions;

/// <summary>
/// Runs one time-boxed slice of the import per message on the queue named by <c>ImportQueueName</c> and queues the next slice while
/// work remains. A failure escapes, so the host retries the message, which resumes from the last checkpoint.
/// </summary>
public sealed class ContinueImport(ImportRunner runner, ImportSlices queue)
{
    [Function(nameof(ContinueImport))]
    public async Task RunAsync([QueueTrigger("%" + ImportSlices.NameSetting + "%")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (ImportSlices.ReadImportId(message.Body) is not { } importId)
        {
            // Not a message this app wrote; retrying cannot make it one.
            return;
        }

        if (await runner.RunAsync(importId, cancellationToken))
        {
            await queue.SendAsync(importId, cancellationToken);
        }
    }
}
