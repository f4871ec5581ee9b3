using System.ComponentModel.DataAnnotations;
using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.Import;

/// <summary>How the import (backfill) of existing AfterShip trackings runs. Section <c>Import</c>.</summary>
public sealed class ImportOptions
{
    public const string SectionName = "Import";

    /// <summary>Trackings per GET /trackings call; AfterShip allows at most 200.</summary>
    [Range(1, ListTrackingsQuery.MaxLimit)]
    public int PageSize { get; set; } = ListTrackingsQuery.MaxLimit;

    /// <summary>Trackings of one page written to storage at once.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>
    /// After this one invocation checkpoints and hands the rest to a fresh queue message, well inside the
    /// 10-minute <c>functionTimeout</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:09:00")]
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A running import with no checkpoint for this long is reported stalled and may be resumed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(15);
}
