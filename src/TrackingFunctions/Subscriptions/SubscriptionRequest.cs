using System.Text.Json;

namespace TrackingFunctions.Subscriptions;

/// <summary>The body of <c>POST /api/ops/subscriptions</c>: <c>url</c>, optional <c>event_types</c> and <c>description</c>.</summary>
public sealed record SubscriptionRequest(Uri Url, IReadOnlyList<string> EventTypes, string? Description)
{
    public const int MaxBodyBytes = 16 * 1024;
    private const int MaxDescription = 500;
    private const int MaxUrl = 2048;

    /// <summary>The request, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static SubscriptionRequest? Parse(ReadOnlySpan<byte> body, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail("The body must be a JSON object with url, and optionally event_types and description.", out error);
            }

            if (!root.TryGetProperty("url", out var urlElement) || urlElement.ValueKind != JsonValueKind.String
                || urlElement.GetString() is not { Length: > 0 and <= MaxUrl } text
                || !Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            {
                return Fail($"url is required: an absolute https URL of at most {MaxUrl} characters.", out error);
            }

            IReadOnlyList<string> types = [EventTypeFilter.All];
            if (root.TryGetProperty("event_types", out var typesElement) && typesElement.ValueKind != JsonValueKind.Null)
            {
                if (typesElement.ValueKind != JsonValueKind.Array || typesElement.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
                {
                    return Fail("event_types must be an array of strings.", out error);
                }

                types = typesElement.EnumerateArray().Select(t => t.GetString()!).Distinct().ToList();
                if (EventTypeFilter.Validate(types) is { } typeError)
                {
                    return Fail(typeError, out error);
                }
            }

            string? description = null;
            if (root.TryGetProperty("description", out var descriptionElement) && descriptionElement.ValueKind != JsonValueKind.Null)
            {
                if (descriptionElement.ValueKind != JsonValueKind.String || descriptionElement.GetString()!.Length > MaxDescription)
                {
                    return Fail($"description must be a string of at most {MaxDescription} characters.", out error);
                }

                description = descriptionElement.GetString();
            }

            return new SubscriptionRequest(url, types, description);
        }
        catch (JsonException)
        {
            return Fail("The body is not JSON.", out error);
        }
    }

    private static SubscriptionRequest? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }
}
