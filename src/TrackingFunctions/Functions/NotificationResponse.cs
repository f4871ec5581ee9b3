using TrackingFunctions.Notifications;

namespace TrackingFunctions.Functions;

/// <summary>One milestone email as the records API returns it: masked addresses only.</summary>
internal sealed record NotificationResponse(
    string Milestone,
    string State,
    long Sequence,
    string? EventId,
    DateTimeOffset CommittedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? NextAttemptAt,
    int Attempts,
    string? Reason,
    IReadOnlyList<RecipientResponse> Recipients)
{
    public static NotificationResponse From(NotificationRecord record) => new(
        record.Milestone,
        record.State,
        record.Sequence,
        record.EventId,
        record.CommittedAt,
        record.UpdatedAt,
        record.SentAt,
        record.NextAttemptAt,
        record.Attempts,
        record.Reason,
        [.. record.Recipients.Select(r => new RecipientResponse(r.Masked, r.State, r.Reason))]);
}

internal sealed record RecipientResponse(string Address, string State, string? Reason);
