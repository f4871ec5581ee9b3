namespace TrackingFunctions.AfterShip;

/// <summary>The AfterShip endpoints this app calls; each has its own rate limit.</summary>
public enum AfterShipEndpoint
{
    CreateTracking,
    ListTrackings,
    GetTracking,
    UpdateTracking,
    DeleteTracking,
    RetrackTracking,
    MarkTrackingCompleted,
    DetectCourier,

    /// <summary>GET /couriers and GET /couriers/all, which share one limit.</summary>
    ListCouriers,
}
