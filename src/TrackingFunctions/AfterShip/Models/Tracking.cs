using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrackingFunctions.AfterShip.Models;

/// <summary>
/// An AfterShip 2025-01 tracking. Only the fields this app reasons about are typed; every other field, including
/// ones AfterShip adds later, is kept in <see cref="AdditionalFields"/> so nothing is lost on a round trip.
/// Dates stay strings because carriers send them in mixed formats; use <see cref="AfterShipDate"/> to read them.
/// </summary>
public sealed record Tracking
{
    public string? Id { get; init; }

    public string? LegacyId { get; init; }

    public string? TrackingNumber { get; init; }

    public string? Slug { get; init; }

    /// <summary>Delivery status; an open set (see <see cref="TrackingTags"/>).</summary>
    public string? Tag { get; init; }

    public string? Subtag { get; init; }

    public string? SubtagMessage { get; init; }

    public bool? Active { get; init; }

    public string? CreatedAt { get; init; }

    public string? UpdatedAt { get; init; }

    public string? Title { get; init; }

    public string? OrderId { get; init; }

    public IReadOnlyList<Checkpoint>? Checkpoints { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalFields { get; init; }

    /// <summary>The JSON this tracking was read from, exactly as AfterShip sent it; null when built in code.</summary>
    [JsonIgnore]
    public string? RawJson { get; init; }

    [JsonIgnore]
    public int CheckpointCount => Checkpoints?.Count ?? 0;

    [JsonIgnore]
    public DateTimeOffset? UpdatedAtValue => AfterShipDate.Parse(UpdatedAt);

    /// <summary>Reads a tracking from a JSON element and remembers the exact JSON text.</summary>
    public static Tracking FromJson(JsonElement element)
    {
        var tracking = element.Deserialize(AfterShipJson.Options.GetTypeInfo(typeof(Tracking))) as Tracking
            ?? throw new JsonException("The tracking JSON is null.");
        return tracking with { RawJson = element.GetRawText() };
    }

    /// <summary>The JSON to store: AfterShip's own text when we have it, otherwise this object serialised.</summary>
    public string ToJson() => RawJson ?? JsonSerializer.Serialize(this, AfterShipJson.Options);
}
