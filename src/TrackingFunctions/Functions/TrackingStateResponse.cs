using System.Text.Json;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Functions;

/// <summary>The read API's view of a stored tracking: the AfterShip object plus where and when it came from.</summary>
public sealed record TrackingStateResponse(
    string Id,
    string? TrackingNumber,
    string? Slug,
    string? Tag,
    string? Subtag,
    bool? Active,
    string? UpdatedAt,
    int CheckpointCount,
    string Source,
    DateTimeOffset SourceAt,
    string? LastEventId,
    DateTimeOffset? NextRefreshAt,
    bool Gone,
    JsonElement? Tracking)
{
    public static TrackingStateResponse From(StoredTracking state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(state.Id, state.TrackingNumber, state.Slug, state.Tag, state.Subtag, state.Active, state.UpdatedAt, state.CheckpointCount,
            state.Source, state.SourceAt, state.LastEventId, state.NextRefreshAt, state.Gone, state.TrackingElement());
    }
}
