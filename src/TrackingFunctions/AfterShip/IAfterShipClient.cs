using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.AfterShip;

/// <summary>
/// The AfterShip Tracking API 2025-01. Failures throw <see cref="Errors.AfterShipApiException"/> or one of its
/// subclasses; every call waits for its endpoint's rate limit and retries transient failures first.
/// </summary>
public interface IAfterShipClient
{
    Task<Tracking> CreateTrackingAsync(CreateTrackingRequest request, CancellationToken cancellationToken);

    Task<Tracking> GetTrackingAsync(string id, CancellationToken cancellationToken);

    Task<Tracking> UpdateTrackingAsync(string id, UpdateTrackingRequest request, CancellationToken cancellationToken);

    Task<TrackingPage> ListTrackingsAsync(ListTrackingsQuery query, CancellationToken cancellationToken);

    /// <summary>Looks a tracking up by number (and slug, when given); null when AfterShip has none.</summary>
    Task<Tracking?> FindTrackingAsync(string trackingNumber, string? slug, CancellationToken cancellationToken);

    Task<Tracking> RetrackTrackingAsync(string id, CancellationToken cancellationToken);

    Task<Tracking> MarkTrackingCompletedAsync(string id, string reason, CancellationToken cancellationToken);

    Task<Tracking> DeleteTrackingAsync(string id, CancellationToken cancellationToken);

    /// <summary>GET /couriers (the account's activated couriers) or, with <paramref name="all"/>, GET /couriers/all.</summary>
    Task<IReadOnlyList<Courier>> ListCouriersAsync(bool all, CancellationToken cancellationToken);

    /// <summary>POST /couriers/detect: the couriers AfterShip thinks the number belongs to, most likely first; may be empty.</summary>
    Task<IReadOnlyList<Courier>> DetectCourierAsync(DetectCourierRequest request, CancellationToken cancellationToken);
}
