using System.Security.Cryptography;
using System.Text.Json;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Infrastructure;

namespace TrackingFunctions.Webhooks;

/// <summary>An AfterShip 2025-01 webhook body: <c>event</c>, <c>event_id</c>, <c>is_tracking_first_tag</c>, <c>msg</c>, <c>ts</c>.</summary>
public sealed record WebhookEnvelope(string EventId, string? EventType, long? Ts, bool? IsTrackingFirstTag, Tracking Tracking)
{
    /// <summary>
    /// Reads a verified body. Returns null with a reason when it is not JSON or carries no <c>msg.id</c>; such
    /// bodies are quarantined rather than refused, because a refusal would only make AfterShip retry for 68 hours.
    /// </summary>
    public static WebhookEnvelope? TryParse(ReadOnlyMemory<byte> body, out string? reason)
    {
        try
        {
            // The signature was already checked over the bytes as received, byte-order mark included.
            using var document = JsonDocument.Parse(Utf8Bom.Strip(body));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                reason = "The body is JSON but not an object.";
                return null;
            }

            if (!root.TryGetProperty("msg", out var msg) || msg.ValueKind != JsonValueKind.Object)
            {
                reason = "The body has no msg object.";
                return null;
            }

            var tracking = Tracking.ReadSummary(msg);
            if (string.IsNullOrWhiteSpace(tracking.Id))
            {
                reason = "The body has no msg.id.";
                return null;
            }

            var eventId = String(root, "event_id");
            if (TooLong(("msg.id", tracking.Id), ("event_id", eventId), ("msg.tracking_number", tracking.TrackingNumber), ("msg.slug", tracking.Slug)) is { } field)
            {
                reason = $"{field} is longer than {MaxIdentifierLength} characters; AfterShip ids, numbers and slugs are far shorter.";
                return null;
            }

            reason = null;
            return new WebhookEnvelope(
                eventId is { Length: > 0 } ? eventId : "sha256-" + Convert.ToHexString(SHA256.HashData(body.Span)),
                String(root, "event"),
                root.TryGetProperty("ts", out var ts) && ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out var seconds) ? seconds : null,
                root.TryGetProperty("is_tracking_first_tag", out var first) && first.ValueKind is JsonValueKind.True or JsonValueKind.False ? first.GetBoolean() : null,
                tracking);
        }
        catch (JsonException ex)
        {
            reason = "The body is not valid JSON: " + ex.Message;
            return null;
        }
        catch (ArgumentException ex)
        {
            // JsonDocument reports invalid UTF-8 this way.
            reason = "The body is not valid UTF-8 JSON: " + ex.Message;
            return null;
        }
    }

    /// <summary>
    /// Identifiers are stored as table properties and (encoded) keys; capping them keeps a forged or broken body
    /// from reaching the 64 KiB property limit, where storage would refuse it.
    /// </summary>
    public const int MaxIdentifierLength = 256;

    private static string? TooLong(params (string Name, string? Value)[] fields)
        => fields.FirstOrDefault(f => f.Value is { Length: > MaxIdentifierLength }).Name;

    private static string? String(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
