using System.Globalization;
using System.Text.Json;

namespace TrackingFunctions.ShopperPage;

/// <summary>
/// Picks the expected delivery from the 2025-01 estimate fields, most trusted first:
/// <list type="number">
/// <item><c>courier_estimated_delivery_date</c>: the carrier holds the parcel and plans the route; its date moves with real scans.</item>
/// <item><c>aftership_estimated_delivery_date</c>: AfterShip's prediction from the carrier's history, the one AfterShip shows recipients.</item>
/// <item><c>latest_estimated_delivery</c>: AfterShip's latest pick among its sources, revised by <c>edd_revise</c> events.</item>
/// <item><c>custom_estimated_delivery_date</c>: set by the shop, usually once, from its own shipping rules.</item>
/// <item><c>order_promised_delivery_date</c>: the promise at checkout, made before the parcel existed.</item>
/// </list>
/// <c>first_estimated_delivery</c> is history, not a forecast, and is never shown.
/// </summary>
internal static class DeliveryEstimateReader
{
    public const string Courier = "courier";
    public const string AfterShip = "aftership";
    public const string Latest = "latest";
    public const string Custom = "custom";
    public const string Promised = "promised";

    public static DeliveryEstimate? Read(JsonElement root)
        => Range(root, "courier_estimated_delivery_date", "estimated_delivery_date", "estimated_delivery_date_min", "estimated_delivery_date_max", Courier)
           ?? Range(root, "aftership_estimated_delivery_date", "estimated_delivery_date", "estimated_delivery_date_min", "estimated_delivery_date_max", AfterShip)
           ?? Range(root, "latest_estimated_delivery", "datetime", "datetime_min", "datetime_max", Latest)
           ?? Range(root, "custom_estimated_delivery_date", "datetime", "datetime_min", "datetime_max", Custom)
           ?? PromisedDay(root);

    private static DeliveryEstimate? PromisedDay(JsonElement root)
        => Day(ShipmentReader.Text(root, "order_promised_delivery_date")) is { } day ? new DeliveryEstimate(day, day, Promised) : null;

    private static DeliveryEstimate? Range(JsonElement root, string field, string exact, string min, string max, string source)
    {
        if (!root.TryGetProperty(field, out var estimate) || estimate.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (Day(ShipmentReader.Text(estimate, exact)) is { } day)
        {
            return new DeliveryEstimate(day, day, source);
        }

        var (from, to) = (Day(ShipmentReader.Text(estimate, min)), Day(ShipmentReader.Text(estimate, max)));
        return (from, to) switch
        {
            ({ } a, { } b) => new DeliveryEstimate(a <= b ? a : b, a <= b ? b : a, source),
            ({ } a, null) => new DeliveryEstimate(a, a, source),
            (null, { } b) => new DeliveryEstimate(b, b, source),
            _ => null,
        };
    }

    /// <summary>The carrier's local day; estimates are days, so any time or offset is dropped rather than converted.</summary>
    private static DateOnly? Day(string? text)
        => text is { Length: >= 10 } && DateOnly.TryParseExact(text.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : null;
}
