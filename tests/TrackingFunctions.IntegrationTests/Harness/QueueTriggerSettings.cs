using System.Globalization;
using System.Text.Json.Nodes;

namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>host.json's <c>extensions.queues</c> settings, as <see cref="QueueTriggerHost"/> applies them.</summary>
public sealed record QueueTriggerSettings
{
    /// <summary>Messages fetched per poll.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>The next batch is fetched once no more than this many messages are still running.</summary>
    public int NewBatchThreshold { get; init; } = 8;

    /// <summary>Attempts before a message moves to the poison queue.</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>How long a failed message stays invisible before its retry.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>The ceiling of the idle polling back-off.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>What the repository's host.json configures (the deployed app's settings); absent keys keep the host's defaults.</summary>
    public static QueueTriggerSettings FromHostJson(string? path = null)
    {
        var json = JsonNode.Parse(File.ReadAllText(path ?? Path.Combine(RepositoryRoot.Find(), "host.json")))!;
        var queues = json["extensions"]?["queues"];
        var settings = new QueueTriggerSettings();
        if (queues is null)
        {
            return settings;
        }

        var batchSize = (int?)queues["batchSize"] ?? 16;
        return settings with
        {
            BatchSize = batchSize,
            NewBatchThreshold = (int?)queues["newBatchThreshold"] ?? (batchSize / 2 * Environment.ProcessorCount),
            MaxDequeueCount = (int?)queues["maxDequeueCount"] ?? 5,
            VisibilityTimeout = Span(queues["visibilityTimeout"]) ?? TimeSpan.Zero,
            MaxPollingInterval = Span(queues["maxPollingInterval"]) ?? TimeSpan.FromMinutes(1),
        };
    }

    private static TimeSpan? Span(JsonNode? value)
        => value is null ? null : TimeSpan.Parse((string)value!, CultureInfo.InvariantCulture);
}
