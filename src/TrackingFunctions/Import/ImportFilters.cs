namespace TrackingFunctions.Import;

/// <summary>The optional GET /trackings filters an import was started with.</summary>
public sealed record ImportFilters(DateTimeOffset? CreatedAtMin, DateTimeOffset? CreatedAtMax, string? Tag);
