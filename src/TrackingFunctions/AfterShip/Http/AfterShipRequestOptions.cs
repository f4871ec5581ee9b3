namespace TrackingFunctions.AfterShip.Http;

/// <summary>Per-request data the resilience pipeline reads: which endpoint's rate limit applies.</summary>
internal static class AfterShipRequestOptions
{
    public static readonly HttpRequestOptionsKey<AfterShipEndpoint> Endpoint = new("AfterShip.Endpoint");

    public static AfterShipEndpoint? GetEndpoint(HttpRequestMessage? request)
        => request is not null && request.Options.TryGetValue(Endpoint, out var endpoint) ? endpoint : null;
}
