using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>
/// Counts the storage requests that actually go over the wire (each retry counts), for cost assertions. The rate
/// budget's heartbeat (its <c>Instances</c> rows) runs on its own timer, one operation per few seconds per instance
/// whatever the app is doing, so it is left out: a request's cost must not depend on when the heartbeat fired.
/// </summary>
public sealed class RequestCounter : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<string> _requests = new();

    public int Count => _requests.Count;

    public IReadOnlyList<string> Requests => [.. _requests];

    public void Reset() => _requests.Clear();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Record(HttpMessage message)
    {
        var uri = Uri.UnescapeDataString(message.Request.Uri.ToString());
        if (uri.Contains("PartitionKey='Instances'", StringComparison.Ordinal) || uri.Contains("PartitionKey eq 'Instances'", StringComparison.Ordinal))
        {
            return;
        }

        _requests.Enqueue($"{message.Request.Method} {message.Request.Uri.Path}");
    }
}
