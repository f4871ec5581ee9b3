namespace TrackingFunctions.AfterShip.Models;

/// <summary>One page of GET /trackings.</summary>
public sealed record TrackingPage(IReadOnlyList<Tracking> Trackings, string? NextCursor, bool HasNextPage, int? Total);
