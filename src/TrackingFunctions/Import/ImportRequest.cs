using System.Globalization;
using System.Text.Json;

namespace TrackingFunctions.Import;

/// <summary>Reads the optional JSON body of a start request: <c>created_at_min</c>, <c>created_at_max</c>, <c>tag</c>.</summary>
public static class ImportRequest
{
    private const int MaxTagLength = 64;

    /// <summary>The filters, or null with the reason the body is not acceptable.</summary>
    public static ImportFilters? Parse(ReadOnlySpan<byte> body, out string? error)
    {
        error = null;
        if (body.IsEmpty || body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new ImportFilters(null, null, null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            error = "The body is not JSON. Send {} or {\"created_at_min\":\"2025-01-01T00:00:00Z\",\"created_at_max\":...,\"tag\":\"InTransit\"}.";
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "The body must be a JSON object.";
                return null;
            }

            var root = document.RootElement;
            if (!TryDate(root, "created_at_min", out var min, ref error) || !TryDate(root, "created_at_max", out var max, ref error))
            {
                return null;
            }

            if (min > max)
            {
                error = "created_at_min is after created_at_max.";
                return null;
            }

            string? tag = null;
            if (root.TryGetProperty("tag", out var tagElement) && tagElement.ValueKind != JsonValueKind.Null)
            {
                tag = tagElement.ValueKind == JsonValueKind.String ? tagElement.GetString() : null;
                if (tag is not { Length: > 0 and <= MaxTagLength } || !tag.All(char.IsAsciiLetterOrDigit))
                {
                    error = $"tag must be an AfterShip tag such as InTransit (letters and digits, at most {MaxTagLength}).";
                    return null;
                }
            }

            return new ImportFilters(min, max, tag);
        }
    }

    private static bool TryDate(JsonElement root, string name, out DateTimeOffset? value, ref string? error)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        error = $"{name} must be an ISO 8601 date-time such as 2025-01-01T00:00:00Z.";
        return false;
    }
}
