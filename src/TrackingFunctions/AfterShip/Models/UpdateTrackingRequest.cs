using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrackingFunctions.AfterShip.Models;

/// <summary>
/// Body of PUT /trackings/{id} (2025-01, flat). Every field is passed through as given, so a caller can send any
/// field AfterShip accepts, including ones added after this app was written.
/// </summary>
public sealed record UpdateTrackingRequest
{
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Fields { get; init; }
}
