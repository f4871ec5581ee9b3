using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrackingFunctions.Couriers;

/// <summary>
/// Which of a courier's required fields a create body lacks. AfterShip lists them by their <c>tracking_*</c> names;
/// a 2025-01 create also takes the legacy names, and its address fields stand in for them
/// (<c>destination_postal_code</c> for <c>tracking_postal_code</c>, ...). The 2024-10 names AfterShip may still list
/// (<c>tracking_origin_country</c>) and the 2025-04 ones (<c>destination_postal_code</c>) are understood too.
/// </summary>
internal static class CourierFields
{
    private static readonly string[] PostalCode = ["tracking_postal_code", "destination_postal_code"];
    private static readonly string[] State = ["tracking_state", "destination_state"];
    private static readonly string[] Origin = ["tracking_origin_country_region", "origin_country_region"];
    private static readonly string[] Destination = ["tracking_destination_country_region", "destination_country_region"];

    private static readonly Dictionary<string, string[]> Accepted = new(StringComparer.Ordinal)
    {
        ["tracking_postal_code"] = PostalCode,
        ["destination_postal_code"] = PostalCode,
        ["tracking_state"] = State,
        ["destination_state"] = State,
        ["tracking_origin_country_region"] = Origin,
        ["tracking_origin_country"] = Origin,
        ["origin_country_region"] = Origin,
        ["tracking_destination_country_region"] = Destination,
        ["tracking_destination_country"] = Destination,
        ["destination_country_region"] = Destination,
    };

    /// <summary>The names a create body may carry a required field under, the listed name first.</summary>
    public static IReadOnlyList<string> AcceptedNames(string requiredField)
        => Accepted.TryGetValue(requiredField, out var names) ? names : [requiredField];

    /// <summary>The required fields with no non-blank string under any accepted name, as AfterShip names them.</summary>
    public static IReadOnlyList<string> Missing(IReadOnlyList<string> requiredFields, JsonObject body)
        => [.. requiredFields.Where(field => !AcceptedNames(field).Any(name => HasText(body, name)))];

    /// <summary>"tracking_postal_code (or destination_postal_code)": how an outcome names a missing field.</summary>
    public static string Describe(string requiredField)
    {
        var names = AcceptedNames(requiredField);
        var others = names.Where(n => n != requiredField).ToList();
        return others.Count == 0 ? requiredField : $"{requiredField} (or {string.Join(" or ", others)})";
    }

    /// <summary>The fields of a create body that POST /couriers/detect also takes (2025-01 detect model).</summary>
    private static readonly string[] DetectFields =
    [
        "tracking_postal_code", "tracking_ship_date", "tracking_account_number", "tracking_key",
        "tracking_origin_country_region", "tracking_destination_country_region", "tracking_state",
        "origin_country_region", "destination_country_region",
    ];

    /// <summary>The body's fields that help detection narrow the candidates.</summary>
    public static IDictionary<string, JsonElement> DetectionHints(JsonObject body)
        => DetectFields.Where(name => HasText(body, name)).ToDictionary(name => name, name => JsonSerializer.SerializeToElement(body[name]!.GetValue<string>()), StringComparer.Ordinal);

    private static bool HasText(JsonObject body, string name)
        => body[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Trim().Length > 0;
}
