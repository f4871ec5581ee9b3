namespace TrackingFunctions.Storage;

/// <summary>One page of a tracking's webhook events, newest first.</summary>
public sealed record StoredEventPage(IReadOnlyList<StoredEvent> Events, string? ContinuationToken);

/// <summary>A stored webhook event: its identity, timing, whether it changed the state, and the exact body.</summary>
public sealed record StoredEvent(string EventId, string? EventType, long? Ts, DateTimeOffset ReceivedAt, bool? IsTrackingFirstTag, bool Applied, byte[] RawBody);
