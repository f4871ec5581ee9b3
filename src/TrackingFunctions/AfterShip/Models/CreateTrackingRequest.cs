using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrackingFunctions.AfterShip.Models;

/// <summary>
/// Body of POST /trackings (2025-01, flat). Fields the app does not name are carried in
/// <see cref="AdditionalFields"/> and sent to AfterShip unchanged.
/// </summary>
public sealed record CreateTrackingRequest
{
    public string? TrackingNumber { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Slug { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalFields { get; init; }
}
