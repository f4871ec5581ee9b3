using System.Text.Json;
using System.Text.Json.Nodes;

namespace AfterShip.Simulator.Endpoints;

/// <summary>
/// Parsing and the 2025-01 type checks: since 2025-01 a wrongly typed field is a 400 (4008), no longer silently ignored.
/// </summary>
internal static class RequestBody
{
    private static readonly HashSet<string> StringFields = new(StringComparer.Ordinal)
    {
        "tracking_number", "slug", "slug_group", "courier_connection_id", "title", "order_id", "order_id_path",
        "order_number", "order_date", "order_promised_delivery_date", "note", "language", "delivery_type",
        "pickup_location", "pickup_note", "shipment_type", "shipping_method", "location_id",
        "tracking_account_number", "tracking_key", "tracking_ship_date", "tracking_postal_code", "tracking_state",
        "tracking_origin_country_region", "tracking_destination_country_region",
        "origin_country_region", "origin_state", "origin_city", "origin_postal_code", "origin_raw_location",
        "destination_country_region", "destination_state", "destination_city", "destination_postal_code",
        "destination_raw_location",
    };

    /// <summary>An empty body reads as <c>{}</c>; anything that is not a JSON object is 4001.</summary>
    public static JsonObject? TryParseObject(string? body, out SimResponse? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(body))
        {
            return [];
        }

        try
        {
            if (JsonNode.Parse(body) is JsonObject obj)
            {
                return obj;
            }
        }
        catch (JsonException)
        {
            // Falls through to the same 4001 a non-object body gets.
        }

        error = Envelope.Api(4001, "Invalid JSON.");
        return null;
    }

    /// <summary>The first field whose JSON type does not match the 2025-01 model, as a 4008 response.</summary>
    public static SimResponse? CheckTypes(JsonObject body)
    {
        foreach (var (name, value) in body)
        {
            if (value is null)
            {
                continue;
            }

            var valid = name switch
            {
                _ when StringFields.Contains(name) => IsString(value),
                "custom_fields" => value is JsonObject fields && fields.All(f => f.Value is null || IsString(f.Value)),
                "shipment_tags" => value is JsonArray tags && tags.All(t => t is not null && IsString(t)),
                "customers" => value is JsonArray customers && customers.Count <= 3 && customers.All(c => c is JsonObject),
                "last_mile" => value is JsonObject lastMile && lastMile["tracking_number"] is { } number && IsString(number),
                _ => true,
            };
            if (!valid)
            {
                return InvalidValue(name);
            }
        }

        return null;
    }

    public static SimResponse InvalidValue(string field) => Envelope.Api(4008, $"Value of `{field}` is invalid.");

    public static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool IsString(JsonNode node) => node.GetValueKind() == JsonValueKind.String;
}
