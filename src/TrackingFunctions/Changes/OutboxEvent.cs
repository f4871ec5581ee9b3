namespace TrackingFunctions.Changes;

/// <summary>
/// One committed change as the outbox hands it to its sinks: the CloudEvents JSON built at commit (the same bytes
/// on every redelivery) and the columns stored beside it.
/// </summary>
/// <param name="PartitionKey">The tracking's partition in the Trackings table.</param>
/// <param name="EventId">The CloudEvent <c>id</c>, <c>&lt;tracking&gt;:&lt;sequence&gt;</c>: the key every sink dedupes by.</param>
/// <param name="EventType">The CloudEvent <c>type</c> (<see cref="ChangeEventTypes"/>).</param>
/// <param name="Sequence">The tracking's change sequence, 1, 2, 3, ...</param>
/// <param name="CommittedAt">When the change was stored.</param>
/// <param name="CloudEvent">The structured-mode CloudEvents JSON, UTF-8.</param>
public sealed record OutboxEvent(
    string PartitionKey,
    string EventId,
    string EventType,
    long Sequence,
    DateTimeOffset CommittedAt,
    byte[] CloudEvent);
