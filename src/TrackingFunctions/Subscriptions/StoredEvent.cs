namespace TrackingFunctions.Subscriptions;

/// <summary>An event kept in the webhook log: where it is and what it is, without its body.</summary>
public sealed record StoredEvent(string Day, string EventPartition, string EventId, string EventType, DateTimeOffset CommittedAt);
