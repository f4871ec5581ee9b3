using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrackingFunctions.AfterShip.Models;

/// <summary>One carrier scan. <c>checkpoint_time</c> is the carrier's local time, with or without a zone.</summary>
public sealed record Checkpoint
{
    public string? CreatedAt { get; init; }

    public string? CheckpointTime { get; init; }

    public string? Slug { get; init; }

    public string? Tag { get; init; }

    public string? Subtag { get; init; }

    public string? Message { get; init; }

    public string? Location { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalFields { get; init; }
}
