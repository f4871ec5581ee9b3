using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace TrackingFunctions.Infrastructure;

/// <summary>
/// Senders for queues in the Functions host's storage (<c>AzureWebJobsStorage</c>): the queues the app's own
/// triggers read. Reads the setting the way the host does: a connection string, or identity-based with
/// <c>AzureWebJobsStorage__queueServiceUri</c> (+ <c>__credential=managedidentity</c>, <c>__clientId</c>).
/// Messages go out as plain text, matching host.json's <c>messageEncoding: none</c>.
/// </summary>
public sealed class HostQueues(IConfiguration configuration)
{
    public const string Setting = "AzureWebJobsStorage";

    private readonly Lazy<QueueServiceClient> _service = new(() => Create(configuration));
    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> _queues = new();

    /// <summary>Sends one message; with <c>visibilityTimeout</c> it stays hidden that long before a trigger may take it.</summary>
    public async Task SendAsync(string queueName, BinaryData message, CancellationToken cancellationToken, TimeSpan? visibilityTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        var queue = await GetAsync(queueName, cancellationToken);
        await queue.SendMessageAsync(message, visibilityTimeout, cancellationToken: cancellationToken);
    }

    private Task<QueueClient> GetAsync(string queueName, CancellationToken cancellationToken)
    {
        var lazy = _queues.GetOrAdd(queueName, name => new Lazy<Task<QueueClient>>(async () =>
        {
            var client = _service.Value.GetQueueClient(name);
            await client.CreateIfNotExistsAsync();
            return client;
        }));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            // Storage was briefly down on first use; the next call tries again.
            _queues.TryRemove(new KeyValuePair<string, Lazy<Task<QueueClient>>>(queueName, lazy));
        }

        return task.WaitAsync(cancellationToken);
    }

    private static QueueServiceClient Create(IConfiguration configuration)
    {
        var section = configuration.GetSection(Setting);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new QueueServiceClient(section.Value);
        }

        if (section["queueServiceUri"] is { Length: > 0 } uri)
        {
            TokenCredential credential = string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
                ? new ManagedIdentityCredential(section["clientId"] is { Length: > 0 } clientId ? ManagedIdentityId.FromUserAssignedClientId(clientId) : ManagedIdentityId.SystemAssigned)
                : new DefaultAzureCredential();
            return new QueueServiceClient(new Uri(uri), credential);
        }

        throw new InvalidOperationException($"The '{Setting}' setting is missing: a connection string, or {Setting}__queueServiceUri with an identity.");
    }
}
