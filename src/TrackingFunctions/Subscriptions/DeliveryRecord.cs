using Azure;

namespace TrackingFunctions.Subscriptions;

/// <summary>The delivery row of one event to one subscription, as read (with its ETag for the next conditional write).</summary>
public sealed record DeliveryRecord(
    string SubscriptionId,
    string EventId,
    string EventType,
    string EventPartition,
    string Day,
    int Round,
    int Attempt,
    string State,
    DateTimeOffset? AttemptStartedAt,
    ETag ETag);
