using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AfterShip.Simulator.Hosting;

namespace AfterShip.Simulator.Webhooks;

/// <summary>The 2025-01 webhook body, its signature, and the request AfterShip sends it in.</summary>
internal static class WebhookPayload
{
    public const string SignatureHeader = "aftership-hmac-sha256";
    public const string VersionHeader = "as-webhook-version";
    public const string Version = "2025-01";
    private const string UserAgent = "AfterShipTrackingWebhook/4.0.0 (https://www.aftership.com)";

    public static byte[] Build(SimulatedTracking tracking, string eventType, string? eventId, TimeProvider timeProvider)
    {
        var msg = tracking.ToJson();
        var body = new JsonObject
        {
            ["event"] = eventType,
            ["event_id"] = eventId ?? Guid.NewGuid().ToString(),
            ["is_tracking_first_tag"] = IsFirstUnderTag(msg),
            ["msg"] = msg,
            ["ts"] = timeProvider.GetUtcNow().ToUnixTimeSeconds(),
        };
        return Json.ToUtf8(body);
    }

    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static HttpRequestMessage CreateRequest(Uri url, byte[] body, string secret)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.TryAddWithoutValidation(SignatureHeader, Sign(body, secret));
        request.Headers.TryAddWithoutValidation(VersionHeader, Version);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        return request;
    }

    /// <summary>True when at most one checkpoint carries the current tag, i.e. this is the first update under it.</summary>
    private static bool IsFirstUnderTag(JsonObject tracking)
    {
        var tag = tracking["tag"]?.ToString();
        return tracking["checkpoints"] is not JsonArray checkpoints
            || checkpoints.Count(c => c?["tag"]?.ToString() == tag) <= 1;
    }
}
