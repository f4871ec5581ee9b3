using System.Text.Json.Nodes;

namespace AfterShip.Simulator.State;

/// <summary>
/// Which of a courier's <c>required_fields</c> a create or detect body lacks. 2025-01 still accepts the legacy
/// <c>tracking_*</c> names, and its own address fields (<c>destination_postal_code</c>, ...) stand in for them.
/// </summary>
internal static class RequiredFields
{
    private static readonly Dictionary<string, string[]> Accepted = new(StringComparer.Ordinal)
    {
        ["tracking_postal_code"] = ["tracking_postal_code", "destination_postal_code"],
        ["tracking_state"] = ["tracking_state", "destination_state"],
        ["tracking_origin_country_region"] = ["tracking_origin_country_region", "origin_country_region"],
        ["tracking_destination_country_region"] = ["tracking_destination_country_region", "destination_country_region"],
    };

    public static IReadOnlyList<string> Missing(SimulatedCourier courier, JsonObject body) =>
        [.. courier.RequiredFields.Where(field => !(Accepted.GetValueOrDefault(field) ?? [field]).Any(name => body[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Trim().Length > 0))];
}
