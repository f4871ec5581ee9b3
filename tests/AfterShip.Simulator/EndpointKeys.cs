namespace AfterShip.Simulator;

/// <summary>
/// The stable endpoint keys used by <see cref="RecordedRequest.Endpoint"/>, <see cref="SimulatorFaults.FailNext"/>
/// and the per-endpoint rate-limit counters.
/// </summary>
public static class EndpointKeys
{
    public const string CreateTracking = "POST /trackings";
    public const string ListTrackings = "GET /trackings";
    public const string GetTracking = "GET /trackings/{id}";
    public const string UpdateTracking = "PUT /trackings/{id}";
    public const string DeleteTracking = "DELETE /trackings/{id}";
    public const string RetrackTracking = "POST /trackings/{id}/retrack";
    public const string MarkCompleted = "POST /trackings/{id}/mark-as-completed";
    public const string DetectCourier = "POST /couriers/detect";
    public const string ListCouriers = "GET /couriers";
    public const string ListAllCouriers = "GET /couriers/all";

    /// <summary>Key recorded for paths or methods the Tracking API does not have (answered 404).</summary>
    public const string Unknown = "unknown";

    /// <summary>Every key of a real endpoint, in a fixed order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        CreateTracking, ListTrackings, GetTracking, UpdateTracking, DeleteTracking, RetrackTracking, MarkCompleted, DetectCourier,
        ListCouriers, ListAllCouriers,
    ];
}
