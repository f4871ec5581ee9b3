using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace TrackingFunctions.Notifications;

/// <summary>
/// The record of one tracking's milestone email: one row per tracking and milestone (partition = the tracking's
/// table key, row = the milestone), inserted only if absent, which is what makes it once per tracking and milestone.
/// </summary>
public sealed record NotificationRecord
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public required string TrackingId { get; init; }

    public required string Milestone { get; init; }

    public required string State { get; init; }

    /// <summary>The change-event sequence that reached the milestone: a higher one for another milestone overtakes it.</summary>
    public long Sequence { get; init; }

    /// <summary>The change event that reached it.</summary>
    public string? EventId { get; init; }

    /// <summary>When the change that reached it was stored.</summary>
    public DateTimeOffset CommittedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the SMTP server accepted it.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>When the next attempt is due (after a transient failure, or at the end of quiet hours).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    public int Attempts { get; init; }

    public string? Reason { get; init; }

    /// <summary>While an instance is sending it: until when others leave it alone.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    public IReadOnlyList<RecipientRecord> Recipients { get; init; } = [];

    public ETag ETag { get; init; }

    internal TableEntity ToEntity(string partitionKey) => new(partitionKey, Milestone)
    {
        ["TrackingId"] = TrackingId,
        ["State"] = State,
        ["Sequence"] = Sequence,
        ["EventId"] = EventId,
        ["CommittedAt"] = CommittedAt,
        ["UpdatedAt"] = UpdatedAt,
        ["SentAt"] = SentAt,
        ["NextAttemptAt"] = NextAttemptAt,
        ["Attempts"] = Attempts,
        ["Reason"] = Reason,
        ["LeaseUntil"] = LeaseUntil,
        ["Recipients"] = JsonSerializer.Serialize(Recipients, Json),
    };

    internal static NotificationRecord FromEntity(TableEntity entity) => new()
    {
        TrackingId = entity.GetString("TrackingId") ?? entity.PartitionKey,
        Milestone = entity.RowKey,
        State = entity.GetString("State") ?? NotificationState.Queued,
        Sequence = entity.GetInt64("Sequence") ?? 0,
        EventId = entity.GetString("EventId"),
        CommittedAt = entity.GetDateTimeOffset("CommittedAt") ?? default,
        UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? default,
        SentAt = entity.GetDateTimeOffset("SentAt"),
        NextAttemptAt = entity.GetDateTimeOffset("NextAttemptAt"),
        Attempts = entity.GetInt32("Attempts") ?? 0,
        Reason = entity.GetString("Reason"),
        LeaseUntil = entity.GetDateTimeOffset("LeaseUntil"),
        Recipients = entity.GetString("Recipients") is { Length: > 0 } recipients
            ? JsonSerializer.Deserialize<List<RecipientRecord>>(recipients, Json) ?? []
            : [],
        ETag = entity.ETag,
    };
}
