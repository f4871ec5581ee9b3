using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>AfterShip 2025-01 webhook bodies for tests.</summary>
public static class WebhookBodies
{
    public static readonly DateTimeOffset BaseTime = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    public static JsonObject Tracking(string id, string number = "1Z999AA10123456784", string slug = "ups", int checkpoints = 1, DateTimeOffset? updatedAt = null, string tag = "InTransit")
    {
        var list = new JsonArray();
        for (var i = 0; i < checkpoints; i++)
        {
            list.Add(new JsonObject
            {
                ["created_at"] = BaseTime.AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["checkpoint_time"] = BaseTime.AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
                ["slug"] = slug,
                ["tag"] = tag,
                ["subtag"] = tag + "_001",
                ["message"] = $"Scan {i} at a sorting facility with a long enough description to be realistic",
                ["location"] = "Louisville, KY, US",
                ["city"] = "Louisville",
                ["country_region"] = "USA",
            });
        }

        return new JsonObject
        {
            ["id"] = id,
            ["legacy_id"] = id[..Math.Min(24, id.Length)],
            ["tracking_number"] = number,
            ["slug"] = slug,
            ["tag"] = tag,
            ["subtag"] = tag + "_001",
            ["active"] = true,
            ["created_at"] = BaseTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["updated_at"] = (updatedAt ?? BaseTime).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["checkpoints"] = list,
            ["customers"] = new JsonArray(new JsonObject { ["email"] = "person@example.com", ["name"] = "Private Person" }),
        };
    }

    public static byte[] Event(JsonObject tracking, string? eventId = null, string eventType = "tracking_update", long ts = 1_762_000_000)
    {
        var body = new JsonObject
        {
            ["event"] = eventType,
            ["event_id"] = eventId ?? Guid.NewGuid().ToString(),
            ["is_tracking_first_tag"] = false,
            ["msg"] = tracking,
            ["ts"] = ts,
        };
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    public static string Sign(byte[] body, string secret = TestApp.WebhookSecret)
        => TrackingFunctions.Webhooks.WebhookSignatureVerifier.Sign(body, secret);

    public static Dictionary<string, string> Headers(byte[] body, string secret = TestApp.WebhookSecret)
        => new() { ["aftership-hmac-sha256"] = Sign(body, secret), ["as-webhook-version"] = "2025-01" };
}
