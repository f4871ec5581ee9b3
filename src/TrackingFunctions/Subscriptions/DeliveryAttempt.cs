namespace TrackingFunctions.Subscriptions;

/// <summary>One attempt as the deliveries log shows it; <c>Outcome</c> is succeeded, failed, timed_out, refused, gone or skipped.</summary>
public sealed record DeliveryAttempt(
    string EventId,
    string EventType,
    int Attempt,
    DateTimeOffset AttemptedAt,
    int? StatusCode,
    long DurationMs,
    string Outcome,
    string? Error);
