using System.Text.Json.Nodes;

namespace TrackingFunctions.BrowserTests;

/// <summary>The trackings the browser tests store: one per kind of page, shaped like AfterShip 2025-01 objects.</summary>
internal static class SampleTrackings
{
    public const string CustomerName = "Erika Mustermann";

    public static readonly (string Slug, string Number) InTransit = ("dhl", "00340434161094042557");
    public static readonly (string Slug, string Number) Hostile = ("ups", "1Z999AA10000000666");
    public static readonly (string Slug, string Number) Problem = ("fedex", "794600000001");
    public static readonly (string Slug, string Number) Delivered = ("dpd", "01234567890123");
    public static readonly (string Slug, string Number) Pending = ("royal-mail", "AB123456789GB");
    public static readonly (string Slug, string Number) Pickup = ("gls", "ZW8T7Q2K");
    public static readonly (string Slug, string Number) FailedAttempt = ("hermes", "H1002300450067801234");
    public static readonly (string Slug, string Number) Expired = ("usps", "9400111899223197428490");
    public static readonly (string Slug, string Number) LongNumber = ("usps", "9261290100830820001234567890123456");
    public const string SharedNumber = "JJD000390007";

    /// <summary>The order the in-transit, problem and delivered parcels belong to, and the shopper's details.</summary>
    public const string OrderNumber = "KC-1001";
    public const string Email = "erika@example.com";
    public const string Postcode = "51147";

    public static IEnumerable<JsonObject> All()
    {
        yield return Tracking(InTransit, "OutForDelivery", "OutForDelivery_001", Journey(), order: OrderNumber, onTime: "on-time");
        yield return Tracking(Hostile, "InTransit", "InTransit_002", [
            Scan("2026-11-24T11:30:00", "<script>document.title='pwned'</script><img src=x onerror=\"console.error('xss')\"> &amp; more", "Louisville, KY, US"),
        ]);
        yield return Tracking(Problem, "Exception", "Exception_007", [
            Scan("2026-11-23T08:10:00-06:00", "Shipment picked up", "Memphis, TN, US", "InTransit"),
            Scan("2026-11-24T14:02:00-06:00", "Incorrect address. Unable to deliver.", "Dallas, TX, US", "Exception"),
        ], order: OrderNumber, onTime: "late");
        yield return Tracking(Delivered, "Delivered", "Delivered_001", [
            Scan("2026-11-21T07:30:00+01:00", "Parcel is on its way to the recipient", "Berlin, DE"),
            Scan("2026-11-22T11:45:00+01:00", "Delivered", "Berlin, DE"),
        ], delivered: "2026-11-22T11:45:00+01:00", order: OrderNumber);
        yield return Tracking(Pending, "Pending", "Pending_001", []);
        yield return Tracking(("dhl", SharedNumber), "InTransit", "InTransit_002", [Scan("2026-11-24T10:00:00+01:00", "Accepted", "Bonn, DE")]);
        yield return Tracking(("dhl-germany", SharedNumber), "InfoReceived", "InfoReceived_001", []);
        yield return Tracking(Pickup, "AvailableForPickup", "AvailableForPickup_001", [Scan("2026-11-24T09:00:00+01:00", "Arrived at the parcel shop", "Köln, DE", "AvailableForPickup")]);
        yield return Tracking(FailedAttempt, "AttemptFail", "AttemptFail_002", [
            Scan("2026-11-23T09:00:00+01:00", "Out for delivery", "Köln, DE", "OutForDelivery"),
            Scan("2026-11-23T13:20:00+01:00", "Recipient not at home", "Köln, DE", "AttemptFail"),
        ]);
        yield return Tracking(Expired, "Expired", "Expired_001", []);
        yield return Tracking(LongNumber, "InTransit", "InTransit_001", [Scan("2026-11-24T06:00:00-05:00", "Accepted at USPS origin facility", "Chicago, IL, US", "InTransit")]);
    }

    private static JsonObject[] Journey() =>
    [
        Scan("2026-11-20T09:12:00+01:00", "The shipment has been prepared for the carrier", "Hamburg, DE"),
        Scan("2026-11-20T18:40:00+01:00", "The shipment has been picked up", "Hamburg, DE"),
        Scan("2026-11-20T22:05:00+01:00", "Processed at parcel centre", "Hamburg-Allermöhe, DE"),
        Scan("2026-11-21T05:30:00+01:00", "Arrived at parcel centre", "Köln-Eifeltor, DE"),
        Scan("2026-11-21T07:55:00+01:00", "The shipment has been loaded onto the delivery vehicle", "Köln, DE"),
    ];

    private static JsonObject Scan(string time, string message, string location, string tag = "InTransit")
        => new() { ["checkpoint_time"] = time, ["tag"] = tag, ["message"] = message, ["location"] = location, ["zip"] = "51147" };

    private static JsonObject Tracking((string Slug, string Number) key, string tag, string subtag, JsonObject[] scans, string? delivered = null, string? order = null, string? onTime = null) => new()
    {
        ["order_number"] = order,
        ["destination_postal_code"] = Postcode,
        ["on_time_status"] = onTime,
        ["id"] = Guid.NewGuid().ToString("N"),
        ["slug"] = key.Slug,
        ["tracking_number"] = key.Number,
        ["tag"] = tag,
        ["subtag"] = subtag,
        ["updated_at"] = "2026-11-24T16:30:00Z",
        ["title"] = "Order for " + CustomerName,
        ["customers"] = new JsonArray(new JsonObject { ["name"] = CustomerName, ["email"] = Email, ["phone_number"] = "+49 170 1234567" }),
        ["destination_raw_location"] = "Heidestraße 17, 51147 Köln",
        ["courier_tracking_link"] = $"https://www.{key.Slug}.example/track?number={key.Number}",
        ["courier_estimated_delivery_date"] = new JsonObject { ["estimated_delivery_date"] = "2026-11-21" },
        ["shipment_delivery_date"] = delivered,
        ["checkpoints"] = new JsonArray(scans),
    };
}
