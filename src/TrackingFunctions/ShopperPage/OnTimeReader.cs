using System.Globalization;
using System.Text.Json;

namespace TrackingFunctions.ShopperPage;

/// <summary>
/// On time or late: AfterShip's <c>on_time_status</c> when it has one; otherwise the expected (or actual) delivery
/// day against <c>order_promised_delivery_date</c>. Nothing when neither is known: no promise, no verdict.
/// </summary>
internal static class OnTimeReader
{
    public static bool? Read(JsonElement root, DeliveryEstimate? estimate, LocalTime? deliveredAt)
    {
        switch (Normalise(ShipmentReader.Text(root, "on_time_status")))
        {
            case "ontime" or "early":
                return true;
            case "late" or "delayed":
                return false;
        }

        var promised = ShipmentReader.Text(root, "order_promised_delivery_date") is { Length: >= 10 } text
                       && DateOnly.TryParseExact(text.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : (DateOnly?)null;
        if (promised is not { } promise)
        {
            return null;
        }

        if (deliveredAt is { } delivered)
        {
            return DateOnly.FromDateTime(delivered.WallClock) <= promise;
        }

        // The promise is itself the last-resort estimate; comparing it with itself says nothing.
        return estimate is null || estimate.Source == DeliveryEstimateReader.Promised ? null : estimate.Latest <= promise;
    }

    private static string? Normalise(string? status)
        => status is null ? null : new string([.. status.Where(char.IsAsciiLetter)]).ToLowerInvariant();
}
