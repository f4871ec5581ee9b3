using System.ComponentModel.DataAnnotations;

namespace TrackingFunctions.AfterShip;

/// <summary>
/// Requests per second per AfterShip endpoint (section <c>AfterShip:RateLimits</c>). AfterShip limits each endpoint
/// separately since API 2024-07; the defaults are the documented 2025-01 values.
/// </summary>
public sealed class AfterShipRateLimits
{
    /// <summary>POST /trackings. Default 20.</summary>
    [Range(0.1, 1000)]
    public double CreateTracking { get; set; } = 20;

    /// <summary>GET /trackings. Default 6.</summary>
    [Range(0.1, 1000)]
    public double ListTrackings { get; set; } = 6;

    /// <summary>GET /trackings/{id}. Default 5.</summary>
    [Range(0.1, 1000)]
    public double GetTracking { get; set; } = 5;

    /// <summary>PUT /trackings/{id}. Default 5.</summary>
    [Range(0.1, 1000)]
    public double UpdateTracking { get; set; } = 5;

    /// <summary>DELETE /trackings/{id}. Default 5.</summary>
    [Range(0.1, 1000)]
    public double DeleteTracking { get; set; } = 5;

    /// <summary>POST /trackings/{id}/retrack. Default 5.</summary>
    [Range(0.1, 1000)]
    public double RetrackTracking { get; set; } = 5;

    /// <summary>POST /trackings/{id}/mark-as-completed. Default 5.</summary>
    [Range(0.1, 1000)]
    public double MarkTrackingCompleted { get; set; } = 5;

    /// <summary>POST /couriers/detect. Default 3.</summary>
    [Range(0.1, 1000)]
    public double DetectCourier { get; set; } = 3;

    /// <summary>GET /couriers and GET /couriers/all. Default 5.</summary>
    [Range(0.1, 1000)]
    public double ListCouriers { get; set; } = 5;

    internal double For(AfterShipEndpoint endpoint) => endpoint switch
    {
        AfterShipEndpoint.CreateTracking => CreateTracking,
        AfterShipEndpoint.ListTrackings => ListTrackings,
        AfterShipEndpoint.GetTracking => GetTracking,
        AfterShipEndpoint.UpdateTracking => UpdateTracking,
        AfterShipEndpoint.DeleteTracking => DeleteTracking,
        AfterShipEndpoint.RetrackTracking => RetrackTracking,
        AfterShipEndpoint.MarkTrackingCompleted => MarkTrackingCompleted,
        AfterShipEndpoint.DetectCourier => DetectCourier,
        AfterShipEndpoint.ListCouriers => ListCouriers,
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "Unknown AfterShip endpoint."),
    };
}
