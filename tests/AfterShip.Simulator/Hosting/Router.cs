namespace AfterShip.Simulator.Hosting;

/// <summary>A matched route: the endpoint key and, for single-tracking endpoints, the id from the path.</summary>
internal readonly record struct Route(string Endpoint, string? Id);

/// <summary>
/// Maps method and path to the Tracking API 2025-01 endpoints. Hand-rolled rather than ASP.NET routing so that the
/// pipeline knows the endpoint key before anything else runs (it drives recording, rate limits and faults).
/// </summary>
internal static class Router
{
    public const string BasePath = "/tracking/2025-01";

    public static Route Match(string method, string path)
    {
        if (!path.StartsWith(BasePath + "/", StringComparison.Ordinal))
        {
            return new Route(EndpointKeys.Unknown, null);
        }

        var segments = path[(BasePath.Length + 1)..].TrimEnd('/').Split('/');
        return (method, segments) switch
        {
            ("POST", ["trackings"]) => new Route(EndpointKeys.CreateTracking, null),
            ("GET", ["trackings"]) => new Route(EndpointKeys.ListTrackings, null),
            ("GET", ["trackings", var id]) when id.Length > 0 => new Route(EndpointKeys.GetTracking, id),
            ("PUT", ["trackings", var id]) when id.Length > 0 => new Route(EndpointKeys.UpdateTracking, id),
            ("DELETE", ["trackings", var id]) when id.Length > 0 => new Route(EndpointKeys.DeleteTracking, id),
            ("POST", ["trackings", var id, "retrack"]) when id.Length > 0 => new Route(EndpointKeys.RetrackTracking, id),
            ("POST", ["trackings", var id, "mark-as-completed"]) when id.Length > 0 => new Route(EndpointKeys.MarkCompleted, id),
            ("POST", ["couriers", "detect"]) => new Route(EndpointKeys.DetectCourier, null),
            ("GET", ["couriers"]) => new Route(EndpointKeys.ListCouriers, null),
            ("GET", ["couriers", "all"]) => new Route(EndpointKeys.ListAllCouriers, null),
            _ => new Route(EndpointKeys.Unknown, null),
        };
    }
}
