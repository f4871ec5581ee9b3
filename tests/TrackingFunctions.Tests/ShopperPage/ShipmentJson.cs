using System.Globalization;
using System.Text.Json.Nodes;

namespace TrackingFunctions.Tests.ShopperPage;

/// <summary>AfterShip 2025-01 tracking JSON for the page tests, with the customer data a real tracking carries.</summary>
internal static class ShipmentJson
{
    public const string CustomerName = "Erika Mustermann";
    public const string CustomerEmail = "erika@example.com";
    public const string CustomerPhone = "+49 170 1234567";
    public const string Street = "Heidestraße 17";
    public const string PostalCode = "51147";
    public const string OrderId = "ORDER-98765";
    public const string SignedBy = "E. MUSTERMANN";

    public static JsonObject Tracking(string tag = "InTransit", string? subtag = null, int checkpoints = 3)
    {
        var list = new JsonArray();
        var start = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.FromHours(1));
        for (var i = 0; i < checkpoints; i++)
        {
            var at = start.AddHours(7 * i);
            list.Add(new JsonObject
            {
                ["checkpoint_time"] = at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                ["created_at"] = at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["slug"] = "dhl",
                ["tag"] = "InTransit",
                ["subtag"] = "InTransit_001",
                ["message"] = $"Scan {i + 1}: parcel processed at hub",
                ["location"] = $"Hub {i + 1}, Köln, DE",
                ["city"] = "Köln",
                ["zip"] = PostalCode,
                ["coordinate"] = new JsonObject { ["latitude"] = 50.9, ["longitude"] = 6.9 },
            });
        }

        return new JsonObject
        {
            ["id"] = "a1b2c3d4e5f60718293a4b5c6d7e8f90",
            ["tracking_number"] = "00340434161094042557",
            ["slug"] = "dhl",
            ["tag"] = tag,
            ["subtag"] = subtag ?? tag + "_001",
            ["subtag_message"] = "In Transit",
            ["active"] = tag is not ("Delivered" or "Expired"),
            ["title"] = "Order for " + CustomerName,
            ["order_id"] = OrderId,
            ["order_number"] = OrderId,
            ["note"] = "Leave with neighbour " + CustomerName,
            ["signed_by"] = SignedBy,
            ["customers"] = new JsonArray(new JsonObject { ["role"] = "buyer", ["name"] = CustomerName, ["email"] = CustomerEmail, ["phone_number"] = CustomerPhone }),
            ["subscribed_emails"] = new JsonArray(CustomerEmail),
            ["subscribed_smses"] = new JsonArray(CustomerPhone),
            ["destination_raw_location"] = Street + ", " + PostalCode + " Köln",
            ["destination_postal_code"] = PostalCode,
            ["destination_city"] = "Köln",
            ["custom_fields"] = new JsonObject { ["customer_email"] = CustomerEmail },
            ["courier_tracking_link"] = "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340434161094042557",
            ["courier_redirect_link"] = "https://www.dhl.de/redirect?token=secret-token",
            ["aftership_tracking_url"] = "https://shop.aftership.com/track/secret",
            ["shipment_delivery_date"] = tag == "Delivered" ? "2026-11-22T14:05:00+01:00" : null,
            ["courier_estimated_delivery_date"] = new JsonObject { ["estimated_delivery_date"] = "2026-11-23" },
            ["checkpoints"] = list,
        };
    }
}
