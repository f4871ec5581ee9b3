using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Changes;

/// <summary>
/// Sends to the change-event queue, which it creates once per process when first used (Bicep creates it in Azure).
/// The first of the outbox's sinks: the shop's own consumers read this queue.
/// </summary>
public sealed class ChangeEventSender(IAzureClientFactory<QueueServiceClient> clients, IOptions<ChangeEventOptions> options) : IChangeEventSink
{
    /// <summary>The name of the named <see cref="QueueServiceClient"/> registration.</summary>
    public const string ClientName = "ChangeEvents";

    private readonly Lock _gate = new();
    private Task<QueueClient>? _queue;

    public string Name => "change-queue";

    public Task AcceptAsync(OutboxEvent change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return SendAsync(change.CloudEvent, cancellationToken);
    }

    /// <summary>Sends one CloudEvent as raw UTF-8 JSON (no base64), as host.json's messageEncoding none expects.</summary>
    internal async Task SendAsync(byte[] cloudEvent, CancellationToken cancellationToken)
    {
        var queue = await GetAsync(cancellationToken);
        await queue.SendMessageAsync(BinaryData.FromBytes(cloudEvent), cancellationToken: cancellationToken);
    }

    internal Task<QueueClient> GetAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // A failed creation (storage briefly down) must not stick for the life of the process.
            if (_queue is null || _queue.IsFaulted || _queue.IsCanceled)
            {
                _queue = CreateAsync();
            }

            return _queue.WaitAsync(cancellationToken);
        }
    }

    private async Task<QueueClient> CreateAsync()
    {
        var queue = clients.CreateClient(ClientName).GetQueueClient(options.Value.QueueName);
        await queue.CreateIfNotExistsAsync();
        return queue;
    }
}
