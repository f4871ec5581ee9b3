using System.Globalization;
using System.Text.Json;
using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.ShopperPage;

/// <summary>
/// Reads the stored AfterShip tracking JSON into a <see cref="ShipmentView"/>, taking only allow-listed fields.
/// Malformed or missing fields become absent values, never an exception: a page with less is better than an error.
/// </summary>
internal static class ShipmentReader
{
    public static ShipmentView Read(string trackingJson, string slug, string trackingNumber)
    {
        using var document = JsonDocument.Parse(trackingJson);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new ShipmentView { Slug = slug, TrackingNumber = trackingNumber };
        }

        var tag = Text(root, "tag");
        var checkpoints = Checkpoints(root, out var furthest);
        var estimate = DeliveryEstimateReader.Read(root);
        var deliveredAt = tag == TrackingTags.Delivered ? ParseLocal(Text(root, "shipment_delivery_date")) : null;
        return new ShipmentView
        {
            Slug = Text(root, "slug") ?? slug,
            TrackingNumber = Text(root, "tracking_number") ?? trackingNumber,
            Tag = tag,
            Subtag = Text(root, "subtag"),
            CourierTrackingLink = WebLink(Text(root, "courier_tracking_link")),
            Estimate = estimate,
            DeliveredAt = deliveredAt,
            Checkpoints = checkpoints,
            FurthestStep = Math.Max(furthest, DeliveryProgress.StepOf(tag) ?? 0),
            OnTime = OnTimeReader.Read(root, estimate, deliveredAt),
        };
    }

    /// <summary>The AfterShip-style date parse kept as the carrier's wall clock (see <see cref="LocalTime"/>).</summary>
    public static LocalTime? ParseLocal(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)
            || !DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return null;
        }

        // "2026-11-24" is a day, not midnight: showing 00:00 would be a time the carrier never gave.
        var hasTime = value.Trim().Length > 10;
        return new LocalTime(parsed.DateTime, hasTime, parsed);
    }

    internal static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;

    private static List<CheckpointView> Checkpoints(JsonElement root, out int furthest)
    {
        furthest = 0;
        if (!root.TryGetProperty("checkpoints", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var list = new List<CheckpointView>(array.GetArrayLength());
        foreach (var checkpoint in array.EnumerateArray())
        {
            if (checkpoint.ValueKind == JsonValueKind.Object)
            {
                list.Add(new CheckpointView(ParseLocal(Text(checkpoint, "checkpoint_time")), Text(checkpoint, "message"), Place(checkpoint)));
                furthest = Math.Max(furthest, DeliveryProgress.StepOf(Text(checkpoint, "tag")) ?? 0);
            }
        }

        // AfterShip sends oldest first, but carriers do backfill: order by the instant, undated scans last.
        // A stable sort keeps AfterShip's order among equal times.
        return [.. list.OrderByDescending(c => c.Time?.Instant ?? DateTimeOffset.MinValue)];
    }

    /// <summary>
    /// The scan's place: the carrier's own <c>location</c> text, else city, state and country. Postal codes and
    /// coordinates are left out: at the last scan they point at the shopper's street.
    /// </summary>
    private static string? Place(JsonElement checkpoint)
    {
        if (Text(checkpoint, "location") is { } location)
        {
            return location;
        }

        var parts = new[] { Text(checkpoint, "city"), Text(checkpoint, "state"), Text(checkpoint, "country_region_name") ?? Text(checkpoint, "country_region") }
            .OfType<string>()
            .ToArray();
        return parts.Length == 0 ? null : string.Join(", ", parts);
    }

    private static Uri? WebLink(string? text)
        => Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;
}
