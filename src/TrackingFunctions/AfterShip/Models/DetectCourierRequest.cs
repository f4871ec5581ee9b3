using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrackingFunctions.AfterShip.Models;

/// <summary>
/// Body of <c>POST /couriers/detect</c> (2025-01, flat): the number plus whichever additional fields help AfterShip
/// narrow the candidates (<c>tracking_postal_code</c>, <c>destination_country_region</c>, ...), in
/// <see cref="AdditionalFields"/>. Unlike create, its <c>slug</c> is a list of candidate couriers.
/// </summary>
public sealed record DetectCourierRequest
{
    public required string TrackingNumber { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalFields { get; init; }
}
