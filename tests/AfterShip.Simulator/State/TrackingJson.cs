using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace AfterShip.Simulator.State;

/// <summary>
/// Builds the parts of a 2025-01 Tracking object that AfterShip generates itself, and knows the tag vocabulary.
/// </summary>
internal static class TrackingJson
{
    /// <summary>
    /// Fields only AfterShip writes. A client that sends them on create or update is ignored for these fields,
    /// so the simulator's own invariants (ids, timestamps, status) cannot be overwritten by a request.
    /// </summary>
    public static readonly IReadOnlySet<string> ServerOwnedFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "legacy_id", "created_at", "updated_at", "active", "tag", "subtag", "subtag_message",
        "checkpoints", "tracked_count", "return_to_sender",
    };

    public static string Timestamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset TruncateToSecond(DateTimeOffset instant) =>
        DateTimeOffset.FromUnixTimeSeconds(instant.ToUnixTimeSeconds());

    public static JsonObject NewTracking(string trackingNumber, string slug, DateTimeOffset createdAt)
    {
        var stamp = Timestamp(createdAt);
        return new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("N"),
            ["legacy_id"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            ["created_at"] = stamp,
            ["updated_at"] = stamp,
            ["tracking_number"] = trackingNumber,
            ["slug"] = slug,
            ["active"] = true,
            ["tag"] = "Pending",
            ["subtag"] = "Pending_001",
            ["subtag_message"] = SubtagMessage("Pending_001"),
            // AfterShip defaults the title to the tracking number when none is given.
            ["title"] = trackingNumber,
            ["tracked_count"] = 0,
            ["return_to_sender"] = false,
            ["source"] = "api",
            ["transit_time"] = null,
            ["shipment_pickup_date"] = null,
            ["shipment_delivery_date"] = null,
            ["custom_fields"] = null,
            ["customers"] = new JsonArray(),
            ["courier_tracking_link"] = null,
            ["aftership_estimated_delivery_date"] = null,
            ["checkpoints"] = new JsonArray(),
        };
    }

    public static JsonObject Checkpoint(string slug, string tag, string subtag, string? message, DateTimeOffset at) =>
        new()
        {
            ["created_at"] = Timestamp(at),
            ["slug"] = slug,
            // Carrier-local time; AfterShip serves it with or without a zone, the simulator always adds one.
            ["checkpoint_time"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture),
            ["location"] = "Memphis, TN, USA",
            ["city"] = "Memphis",
            ["state"] = "TN",
            ["zip"] = "38118",
            ["coordinate"] = null,
            ["country_region"] = "USA",
            ["country_region_name"] = "United States",
            ["message"] = message ?? DefaultMessage(tag),
            ["tag"] = tag,
            ["subtag"] = subtag,
            ["subtag_message"] = SubtagMessage(subtag),
            ["raw_tag"] = subtag,
            ["events"] = new JsonArray(),
            ["source"] = "courier",
        };

    public static string DefaultSubtag(string tag) => tag + "_001";

    /// <summary>AfterShip stops updating these on its own; <c>active</c> turns false.</summary>
    public static bool IsTerminal(string tag, string subtag) =>
        tag is "Delivered" or "Expired" || subtag is "Exception_011" or "Exception_013";

    public static string SubtagMessage(string subtag) => subtag switch
    {
        "Pending_001" => "No information yet",
        "InfoReceived_001" => "Info Received",
        "InTransit_001" => "In Transit",
        "InTransit_002" => "Acceptance scan",
        "InTransit_003" => "Arrival scan",
        "InTransit_007" => "Departure Scan",
        "OutForDelivery_001" => "Out for Delivery",
        "AvailableForPickup_001" => "Available for Pickup",
        "AttemptFail_001" => "Failed Attempt",
        "Delivered_001" => "Delivered",
        "Exception_001" => "Exception",
        "Exception_011" => "Returned to sender",
        "Exception_013" => "Shipment lost",
        "Expired_001" => "Expired",
        _ => subtag.Split('_')[0],
    };

    private static string DefaultMessage(string tag) => tag switch
    {
        "InfoReceived" => "Shipment information sent to carrier",
        "InTransit" => "Departed from facility",
        "OutForDelivery" => "Out for delivery today",
        "AvailableForPickup" => "Ready for pickup at access point",
        "AttemptFail" => "Delivery attempted, no one available",
        "Delivered" => "Delivered, front door",
        "Exception" => "Delivery exception",
        "Expired" => "No further updates",
        _ => "Status update",
    };
}
