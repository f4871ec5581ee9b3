using Azure;

namespace TrackingFunctions.Import;

/// <summary>
/// The one import job's checkpoint: its filters, the cursor of the next page to read and the counts so far.
/// Every change is conditional on <see cref="ETag"/>, so two runners (or a runner and a cancel) never both win.
/// </summary>
public sealed record ImportJob
{
    public required string ImportId { get; init; }

    public required string State { get; init; }

    public required ImportFilters Filters { get; init; }

    /// <summary>Where the next page starts; null before the first page and after the last.</summary>
    public string? Cursor { get; init; }

    public long Pages { get; init; }

    public long Trackings { get; init; }

    /// <summary>Trackings whose stored state moved to a newer version (new ones included).</summary>
    public long Changed { get; init; }

    /// <summary>Trackings not stored: no id, or refused by storage; see the log.</summary>
    public long Skipped { get; init; }

    /// <summary>AfterShip's count of trackings matching the filters, from the latest page.</summary>
    public long? Total { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? CheckpointAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? Error { get; init; }

    public ETag ETag { get; init; }
}
