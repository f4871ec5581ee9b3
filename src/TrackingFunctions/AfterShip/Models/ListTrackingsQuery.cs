namespace TrackingFunctions.AfterShip.Models;

/// <summary>Filters for GET /trackings. AfterShip accepts at most 50 tracking numbers and a limit of at most 200.</summary>
public sealed record ListTrackingsQuery
{
    public const int MaxTrackingNumbers = 50;
    public const int MaxLimit = 200;

    public IReadOnlyList<string>? TrackingNumbers { get; init; }

    public IReadOnlyList<string>? Slugs { get; init; }

    public string? Cursor { get; init; }

    public int? Limit { get; init; }

    public string? Keyword { get; init; }

    /// <summary>Only trackings with this delivery status (<c>tag</c>).</summary>
    public string? Tag { get; init; }

    /// <summary>Only trackings created at or after this time (<c>created_at_min</c>; AfterShip's default is 120 days ago).</summary>
    public DateTimeOffset? CreatedAtMin { get; init; }

    /// <summary>Only trackings created at or before this time (<c>created_at_max</c>; AfterShip's default is now).</summary>
    public DateTimeOffset? CreatedAtMax { get; init; }
}
