using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace TrackingFunctions.Storage;

/// <summary>The current state of one tracking as stored: the latest tracking JSON plus where it came from and when.</summary>
public sealed record StoredTracking
{
    public required string Id { get; init; }

    public string? TrackingNumber { get; init; }

    public string? Slug { get; init; }

    public string? Tag { get; init; }

    public string? Subtag { get; init; }

    public bool? Active { get; init; }

    public string? UpdatedAt { get; init; }

    public int CheckpointCount { get; init; }

    public required string Source { get; init; }

    public DateTimeOffset SourceAt { get; init; }

    public string? LastEventId { get; init; }

    /// <summary>The AfterShip tracking object, exactly as last received; null when read without the payload.</summary>
    public string? TrackingJson { get; init; }

    public DateTimeOffset? NextRefreshAt { get; init; }

    public TimeSpan? RefreshInterval { get; init; }

    /// <summary>AfterShip answered 4004 for this tracking; it is no longer refreshed.</summary>
    public bool Gone { get; init; }

    /// <summary>The time of the tracking's row in the refresh due index; at or before <see cref="NextRefreshAt"/>.</summary>
    public DateTimeOffset? ScheduledRefreshAt { get; init; }

    /// <summary>AfterShip's <c>created_at</c>, when known.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the refresh job last fetched this tracking from AfterShip.</summary>
    public DateTimeOffset? LastRefreshAt { get; init; }

    /// <summary>The <c>sequence</c> of the tracking's last change event; 0 before the first.</summary>
    public long ChangeSequence { get; init; }

    /// <summary><c>completed</c> or <c>deleted</c> once a command ended the tracking.</summary>
    public string? Lifecycle { get; init; }

    public ETag ETag { get; init; }

    /// <summary>The delivery estimates as last stored (compact JSON); null for a state stored before change events.</summary>
    internal string? Estimates { get; init; }

    public TrackingVersion Version => new(AfterShip.AfterShipDate.Parse(UpdatedAt), CheckpointCount);

    internal string? LookupKey { get; init; }

    internal int IndexVersion { get; init; }

    internal string? OrderKey { get; init; }

    internal static StoredTracking FromEntity(TableEntity entity)
    {
        var payload = PayloadColumns.Read(entity);
        return new StoredTracking
        {
            Id = entity.GetString(StateColumns.Id) ?? entity.PartitionKey,
            TrackingNumber = entity.GetString(StateColumns.TrackingNumber),
            Slug = entity.GetString(StateColumns.Slug),
            Tag = entity.GetString(StateColumns.Tag),
            Subtag = entity.GetString(StateColumns.Subtag),
            Active = entity.GetBoolean(StateColumns.Active),
            UpdatedAt = entity.GetString(StateColumns.UpdatedAt),
            CheckpointCount = entity.GetInt32(StateColumns.CheckpointCount) ?? 0,
            Source = entity.GetString(StateColumns.Source) ?? string.Empty,
            SourceAt = entity.GetDateTimeOffset(StateColumns.SourceAt) ?? default,
            LastEventId = entity.GetString(StateColumns.LastEventId),
            TrackingJson = payload is null ? null : Encoding.UTF8.GetString(payload),
            NextRefreshAt = entity.GetDateTimeOffset(StateColumns.NextRefreshAt),
            RefreshInterval = entity.GetDouble(StateColumns.RefreshIntervalSeconds) is { } s ? TimeSpan.FromSeconds(s) : null,
            Gone = entity.GetBoolean(StateColumns.Gone) ?? false,
            ScheduledRefreshAt = entity.GetDateTimeOffset(StateColumns.ScheduledRefreshAt),
            CreatedAt = entity.GetDateTimeOffset(StateColumns.CreatedAtUtc),
            LastRefreshAt = entity.GetDateTimeOffset(StateColumns.LastRefreshAt),
            LookupKey = entity.GetString(StateColumns.LookupKey),
            IndexVersion = entity.GetInt32(StateColumns.IndexVersion) ?? 1,
            OrderKey = entity.GetString(StateColumns.OrderKey),
            ChangeSequence = entity.GetInt64(StateColumns.ChangeSequence) ?? 0,
            Estimates = entity.GetString(StateColumns.Estimates),
            Lifecycle = entity.GetString(StateColumns.Lifecycle),
            ETag = entity.ETag,
        };
    }

    /// <summary>The tracking JSON parsed, for APIs that return it as an object.</summary>
    public JsonElement? TrackingElement()
    {
        if (TrackingJson is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(TrackingJson);
        return document.RootElement.Clone();
    }
}
