using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AfterShip.Simulator.State;
using Microsoft.Extensions.Primitives;

namespace AfterShip.Simulator.Endpoints;

/// <summary>
/// <c>GET /trackings</c> with cursor paging. Supports the filters an integration needs to find or sync trackings:
/// <c>tracking_numbers</c>, <c>slug</c>, <c>tag</c>, <c>updated_at_min</c>, <c>updated_at_max</c>, <c>created_at_min</c> and
/// <c>created_at_max</c>.
/// </summary>
internal sealed class ListEndpoint(SimulatorState state)
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 200;
    private const int MaxTrackingNumbers = 50;
    private const string CursorPrefix = "after:";

    public SimResponse List(SimRequest request)
    {
        var query = request.Query;
        var numbers = CommaList(query["tracking_numbers"]);
        if (numbers?.Count > MaxTrackingNumbers)
        {
            return Envelope.BadRequest($"`tracking_numbers` accepts at most {MaxTrackingNumbers} values.");
        }

        var slugs = CommaList(query["slug"]);
        var tag = Single(query["tag"]);

        var limit = DefaultLimit;
        if (Single(query["limit"]) is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return Envelope.BadRequest($"`limit` must be between 1 and {MaxLimit}.");
        }

        long? before = null;
        if (Single(query["cursor"]) is { } cursorText)
        {
            if (DecodeCursor(cursorText) is not { } decoded)
            {
                return Envelope.BadRequest("`cursor` is invalid.");
            }

            before = decoded;
        }

        // Since 2025-01 an unparsable date is a 400 rather than a silent fallback to the default.
        if (!TryDate(query["updated_at_min"], out var updatedMin) || !TryDate(query["updated_at_max"], out var updatedMax))
        {
            return Envelope.BadRequest("`updated_at_min` and `updated_at_max` must be ISO 8601 date-times.");
        }

        if (!TryDate(query["created_at_min"], out var createdMin) || !TryDate(query["created_at_max"], out var createdMax))
        {
            return Envelope.BadRequest("`created_at_min` and `created_at_max` must be ISO 8601 date-times.");
        }

        bool Matches(JsonObject tracking) =>
            (numbers is null || numbers.Contains(tracking["tracking_number"]?.ToString() ?? string.Empty))
            && (slugs is null || slugs.Contains(tracking["slug"]?.ToString() ?? string.Empty))
            && (tag is null || tag == tracking["tag"]?.ToString())
            && InRange(tracking["updated_at"]?.ToString(), updatedMin, updatedMax)
            && InRange(tracking["created_at"]?.ToString(), createdMin, createdMax);

        var page = state.List(Matches, before, limit);
        var next = page.NextCursor is { } last ? EncodeCursor(last) : null;
        return Envelope.Ok(new JsonObject
        {
            ["pagination"] = new JsonObject
            {
                ["total"] = page.Total,
                ["next_cursor"] = next,
                ["has_next_page"] = next is not null,
            },
            ["trackings"] = new JsonArray([.. page.Trackings]),
        });
    }

    private static HashSet<string>? CommaList(StringValues values)
    {
        if (StringValues.IsNullOrEmpty(values))
        {
            return null;
        }

        var items = values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return new HashSet<string>(items, StringComparer.OrdinalIgnoreCase);
    }

    private static string? Single(StringValues values) => StringValues.IsNullOrEmpty(values) ? null : values[^1];

    private static bool TryDate(StringValues values, out DateTimeOffset? date)
    {
        date = null;
        if (Single(values) is not { } text)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        date = parsed;
        return true;
    }

    private static bool InRange(string? updatedAt, DateTimeOffset? min, DateTimeOffset? max)
    {
        if (min is null && max is null)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(updatedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return false;
        }

        return (min is null || value >= min) && (max is null || value <= max);
    }

    // Opaque to clients, like AfterShip's; base64url keeps it safe in a query string without escaping.
    private static string EncodeCursor(long sequence) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(CursorPrefix + sequence.ToString(CultureInfo.InvariantCulture)));

    private static long? DecodeCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith(CursorPrefix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(CursorPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                ? sequence
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
