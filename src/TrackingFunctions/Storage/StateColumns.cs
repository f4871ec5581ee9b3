namespace TrackingFunctions.Storage;

/// <summary>Property names of the state entity (RowKey <see cref="RowKey"/> in the tracking's partition).</summary>
internal static class StateColumns
{
    public const string RowKey = "state";
    public const string Id = "Id";
    public const string TrackingNumber = "TrackingNumber";
    public const string Slug = "Slug";
    public const string Tag = "Tag";
    public const string Subtag = "Subtag";
    public const string Active = "Active";
    public const string UpdatedAt = "UpdatedAt";
    public const string UpdatedAtUtc = "UpdatedAtUtc";
    public const string CheckpointCount = "CheckpointCount";
    public const string Source = "Source";
    public const string SourceAt = "SourceAt";
    public const string LastEventId = "LastEventId";
    public const string LookupKey = "LookupKey";
    public const string NextRefreshAt = "NextRefreshAt";
    public const string RefreshIntervalSeconds = "RefreshIntervalSeconds";
    public const string Gone = "Gone";

    /// <summary>The time of the tracking's row in the due index (<see cref="DueIndex"/>), whole seconds.</summary>
    public const string ScheduledRefreshAt = "ScheduledRefreshAt";

    /// <summary>AfterShip's <c>created_at</c>, for the 120-day retention check.</summary>
    public const string CreatedAtUtc = "CreatedAtUtc";

    /// <summary>When the refresh job last fetched the tracking from AfterShip.</summary>
    public const string LastRefreshAt = "LastRefreshAt";

    /// <summary>The sequence of the tracking's last change event (0: none yet); only grows.</summary>
    public const string ChangeSequence = "ChangeSequence";

    /// <summary>The four delivery estimates as compact JSON, to tell an estimate change from none.</summary>
    public const string Estimates = "Estimates";

    /// <summary><c>completed</c> or <c>deleted</c> once a command ended the tracking; null before.</summary>
    public const string Lifecycle = "Lifecycle";

    /// <summary>Which side indexes the state was written with (<see cref="TrackingIndexes"/>); absent means 1.</summary>
    public const string IndexVersion = "IndexVersion";

    /// <summary>The order index row the state was indexed under (<see cref="OrderIndexRow.Key"/>); null when none.</summary>
    public const string OrderKey = "OrderKey";

    /// <summary>What the write path needs to decide, without the payload.</summary>
    public static readonly IReadOnlyList<string> Decision =
        [
            Id, UpdatedAt, CheckpointCount, LookupKey, NextRefreshAt, RefreshIntervalSeconds, Gone, ScheduledRefreshAt, CreatedAtUtc, LastRefreshAt,
            Source, SourceAt, TrackingNumber, Slug, Tag, Subtag, Active, LastEventId, ChangeSequence, Estimates, Lifecycle,
            IndexVersion, OrderKey,
        ];
}
