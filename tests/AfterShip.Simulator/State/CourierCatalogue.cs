using System.Text.Json.Nodes;

namespace AfterShip.Simulator.State;

/// <summary>One courier as <c>GET /couriers/all</c> lists it, and whether the simulated account has activated it.</summary>
internal sealed record SimulatedCourier(string Slug, string Name, string? WebUrl, IReadOnlyList<string> RequiredFields, bool Activated)
{
    public JsonObject ToJson() => new()
    {
        ["slug"] = Slug,
        ["name"] = Name,
        ["phone"] = null,
        ["other_name"] = null,
        ["web_url"] = WebUrl,
        ["required_fields"] = new JsonArray([.. RequiredFields.Select(f => (JsonNode)f)]),
        ["optional_fields"] = new JsonArray(),
        ["default_language"] = "en",
        ["support_languages"] = new JsonArray("en"),
        ["service_from_country_regions"] = new JsonArray(),
    };
}

/// <summary>
/// The couriers the simulated AfterShip knows (<c>GET /couriers/all</c>) and the account's activated ones
/// (<c>GET /couriers</c>), with the 2025-01 <c>required_fields</c> of the couriers AfterShip documents as needing them.
/// </summary>
internal sealed class CourierCatalogue
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SimulatedCourier> _bySlug = new(StringComparer.Ordinal);

    public CourierCatalogue()
    {
        Add(new("ups", "UPS", "https://www.ups.com", [], true));
        Add(new("fedex", "FedEx®", "https://www.fedex.com", [], true));
        Add(new("dhl", "DHL Express", "https://www.dhl.com", [], true));
        Add(new("usps", "USPS", "https://www.usps.com", [], true));
        Add(new("dhl-germany", "Deutsche Post DHL", "https://www.dhl.de", [], true));
        Add(new("dpd", "DPD", "https://www.dpd.com", [], false));
        Add(new("gls", "GLS", "https://gls-group.eu", [], false));
        Add(new("tnt", "TNT", "https://www.tnt.com", [], false));
        Add(new("amazon", "Amazon Logistics", "https://www.amazon.com", [], false));
        Add(new("hermes", "Evri", "https://www.evri.com", [], false));
        Add(new("toll-ipec", "Toll IPEC", "https://www.tollgroup.com", [], false));
        Add(new("postnl-3s", "PostNL International 3S", "https://www.postnl.nl", ["tracking_postal_code", "tracking_destination_country_region"], true));
        Add(new("deutsch-post", "Deutsche Post Mail", "https://www.deutschepost.de", ["tracking_ship_date", "tracking_postal_code"], false));
        Add(new("dynamic-logistics", "Dynamic Logistics", "https://www.dynamiclogistics.co.th", ["tracking_account_number"], false));
        Add(new("sic-teliway", "Teliway SIC Express", "https://www.teliway.com", ["tracking_key"], false));
        Add(new("star-track-courier", "StarTrack Courier", "https://startrack.com.au", ["tracking_state"], false));
        Add(new("dhl-global-forwarding", "DHL Global Forwarding", "https://www.dhl.com", ["tracking_origin_country_region"], false));
    }

    public void Add(SimulatedCourier courier)
    {
        lock (_gate)
        {
            _bySlug[courier.Slug] = courier;
        }
    }

    public SimulatedCourier? Find(string slug)
    {
        lock (_gate)
        {
            return _bySlug.GetValueOrDefault(slug);
        }
    }

    public IReadOnlyList<SimulatedCourier> List(bool activatedOnly)
    {
        lock (_gate)
        {
            return [.. _bySlug.Values.Where(c => !activatedOnly || c.Activated).OrderBy(c => c.Slug, StringComparer.Ordinal)];
        }
    }
}
