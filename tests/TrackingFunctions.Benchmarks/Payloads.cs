using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace TrackingFunctions.Benchmarks;

/// <summary>
/// AfterShip 2025-01 webhook bodies shaped like real deliveries: the tracking fields AfterShip sends, and checkpoints
/// with the fields a carrier scan carries (as in the integration tests' WebhookBodies, plus the location detail).
/// </summary>
public static class Payloads
{
    public const string Secret = "benchmark-webhook-secret";

    private static readonly DateTimeOffset BaseTime = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    public static JsonObject Tracking(int checkpoints, string id = "0a9f4c3e5b7d4e1f8a2b3c4d5e6f7a8b")
    {
        var list = new JsonArray();
        for (var i = 0; i < checkpoints; i++)
        {
            var at = BaseTime.AddMinutes(37 * i);
            list.Add(new JsonObject
            {
                ["created_at"] = at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["checkpoint_time"] = at.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
                ["slug"] = "ups",
                ["tag"] = "InTransit",
                ["subtag"] = "InTransit_001",
                ["subtag_message"] = "In Transit",
                ["message"] = $"Scan {i}: arrived at a sorting facility with a long enough description to be realistic",
                ["location"] = "Louisville, KY, 40209, US",
                ["city"] = "Louisville",
                ["state"] = "KY",
                ["zip"] = "40209",
                ["country_region"] = "USA",
                ["country_region_name"] = "United States",
                ["coordinate"] = new JsonObject { ["latitude"] = 38.1894, ["longitude"] = -85.7424 },
                ["raw_tag"] = "I",
                ["source"] = "carrier",
                ["events"] = new JsonArray(new JsonObject { ["code"] = "AR", ["reason"] = new JsonObject { ["code"] = null } }),
            });
        }

        return new JsonObject
        {
            ["id"] = id,
            ["legacy_id"] = id[..24],
            ["tracking_number"] = "1Z999AA10123456784",
            ["slug"] = "ups",
            ["tag"] = "InTransit",
            ["subtag"] = "InTransit_001",
            ["subtag_message"] = "In Transit",
            ["active"] = true,
            ["created_at"] = BaseTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["updated_at"] = BaseTime.AddMinutes(37 * checkpoints).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["title"] = "Order #1042",
            ["order_id"] = "1042",
            ["order_number"] = "#1042",
            ["shipment_type"] = "UPS Ground",
            ["origin_country_region"] = "USA",
            ["destination_country_region"] = "USA",
            ["destination_city"] = "Portland",
            ["destination_postal_code"] = "97201",
            ["signed_by"] = null,
            ["source"] = "api",
            ["language"] = "en",
            ["courier_tracking_link"] = "https://www.ups.com/track?tracknum=1Z999AA10123456784",
            ["aftership_estimated_delivery_date"] = new JsonObject
            {
                ["estimated_delivery_date"] = "2026-11-06",
                ["confidence_code"] = 1,
                ["estimated_delivery_date_min"] = "2026-11-05",
                ["estimated_delivery_date_max"] = "2026-11-07",
            },
            ["checkpoints"] = list,
            ["customers"] = new JsonArray(new JsonObject { ["role"] = "buyer", ["email"] = "person@example.com", ["name"] = "Private Person", ["language"] = "en" }),
            ["custom_fields"] = new JsonObject { ["warehouse"] = "PDX-2" },
        };
    }

    public static byte[] Event(int checkpoints) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["event"] = "tracking_update",
        ["event_id"] = "3f645f5e-530b-4062-8695-db6a64420af8",
        ["is_tracking_first_tag"] = false,
        ["msg"] = Tracking(checkpoints),
        ["ts"] = 1_762_000_000,
    }.ToJsonString());
}
