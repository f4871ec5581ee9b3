using System.Text.Json;

namespace TrackingFunctions.Subscriptions;

/// <summary>The body of a replay: <c>since</c> (required) and <c>until</c> (default now), RFC 3339 times.</summary>
public sealed record ReplayWindow(DateTimeOffset Since, DateTimeOffset Until)
{
    public static ReplayWindow? Parse(ReadOnlySpan<byte> body, DateTimeOffset oldestKept, DateTimeOffset now, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("since", out var sinceElement)
                || sinceElement.ValueKind != JsonValueKind.String || !sinceElement.TryGetDateTimeOffset(out var since))
            {
                error = "since is required: an RFC 3339 time such as 2026-12-01T08:00:00Z.";
                return null;
            }

            var until = now;
            if (root.TryGetProperty("until", out var untilElement) && untilElement.ValueKind != JsonValueKind.Null
                && (untilElement.ValueKind != JsonValueKind.String || !untilElement.TryGetDateTimeOffset(out until)))
            {
                error = "until must be an RFC 3339 time.";
                return null;
            }

            if (since < oldestKept)
            {
                error = $"since must be at or after {oldestKept:O}: older events are no longer kept.";
                return null;
            }

            if (until < since)
            {
                error = "until must not be before since.";
                return null;
            }

            return new ReplayWindow(since, until);
        }
        catch (JsonException)
        {
            error = "The body is not JSON: send {\"since\": \"2026-12-01T08:00:00Z\"}.";
            return null;
        }
    }
}
