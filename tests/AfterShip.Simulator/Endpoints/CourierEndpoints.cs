using System.Text.Json.Nodes;
using AfterShip.Simulator.State;

namespace AfterShip.Simulator.Endpoints;

/// <summary><c>POST /couriers/detect</c>: optional for the integration, present so its rate limit can be exercised.</summary>
internal static class CourierEndpoints
{
    public static SimResponse Detect(SimRequest request)
    {
        if (RequestBody.TryParseObject(request.Body, out var error) is not { } body)
        {
            return error!;
        }

        if (RequestBody.Text(body, "tracking_number") is not { Length: > 0 } number)
        {
            return Envelope.Api(4007, "`tracking_number` is required.");
        }

        // In detect, `slug` is a list of candidate couriers; the first candidate wins.
        var candidate = body["slug"] is JsonArray candidates && candidates.Count > 0 ? candidates[0]?.ToString() : null;
        var slugGroup = RequestBody.Text(body, "slug_group");
        if (slugGroup is not null && !CourierDetection.SlugGroups.Contains(slugGroup))
        {
            return RequestBody.InvalidValue("slug_group");
        }

        var slug = candidate ?? CourierDetection.Detect(number, slugGroup);
        return Envelope.Ok(new JsonObject
        {
            ["total"] = 1,
            ["couriers"] = new JsonArray(CourierDetection.Courier(slug)),
        });
    }
}
