using System.Text.Json.Nodes;
using AfterShip.Simulator.State;

namespace AfterShip.Simulator.Endpoints;

/// <summary>
/// <c>GET /couriers</c> (the account's activated couriers), <c>GET /couriers/all</c> (every courier) and
/// <c>POST /couriers/detect</c>, each answering <c>{total, couriers[]}</c> with the courier's <c>required_fields</c>.
/// </summary>
internal sealed class CourierEndpoints(CourierCatalogue catalogue)
{
    public SimResponse List(bool activatedOnly) => Couriers(catalogue.List(activatedOnly));

    public SimResponse Detect(SimRequest request)
    {
        if (RequestBody.TryParseObject(request.Body, out var error) is not { } body)
        {
            return error!;
        }

        if (RequestBody.Text(body, "tracking_number") is not { Length: > 0 } number)
        {
            return Envelope.Api(4007, "`tracking_number` is required.");
        }

        if (body["slug"] is { } slugs && slugs is not JsonArray)
        {
            // In detect, `slug` is a list of candidate couriers, not one slug as in create.
            return RequestBody.InvalidValue("slug");
        }

        var slugGroup = RequestBody.Text(body, "slug_group");
        if (slugGroup is not null && !CourierDetection.SlugGroups.Contains(slugGroup))
        {
            return RequestBody.InvalidValue("slug_group");
        }

        if (body["slug"] is JsonArray { Count: > 0 } candidates)
        {
            return Couriers([.. candidates.Select(c => c?.ToString()).OfType<string>().Select(catalogue.Find).OfType<SimulatedCourier>()]);
        }

        var detected = CourierDetection.Detect(number, slugGroup) is { } slug ? catalogue.Find(slug) : null;
        return Couriers(detected is null ? [] : [detected]);
    }

    private static SimResponse Couriers(IReadOnlyList<SimulatedCourier> couriers) => Envelope.Ok(new JsonObject
    {
        ["total"] = couriers.Count,
        ["couriers"] = new JsonArray([.. couriers.Select(c => (JsonNode)c.ToJson())]),
    });
}
