namespace TrackingFunctions.Storage;

/// <summary>One accepted AfterShip webhook delivery, as stored beside its tracking.</summary>
public sealed record WebhookEventRecord(
    string EventId,
    string? EventType,
    long? Ts,
    DateTimeOffset ReceivedAt,
    bool? IsTrackingFirstTag,
    ReadOnlyMemory<byte> RawBody);
