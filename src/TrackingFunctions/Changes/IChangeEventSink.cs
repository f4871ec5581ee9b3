namespace TrackingFunctions.Changes;

/// <summary>
/// Something that must see every committed change: the public change-event queue, and the app's own outbound
/// features. The publisher hands each outbox row to every registered sink, in sequence order per tracking, and
/// deletes the row only when all of them have taken it; a sink that throws leaves the row for the sweep, which hands
/// it to every sink again. So each sink sees each event at least once and must absorb a repeat by
/// <see cref="OutboxEvent.EventId"/>.
/// </summary>
public interface IChangeEventSink
{
    /// <summary>A short name for logs and metrics.</summary>
    string Name { get; }

    /// <summary>Takes one event durably (a queue message, a table row) before returning; never sleeps on a retry.</summary>
    Task AcceptAsync(OutboxEvent change, CancellationToken cancellationToken);
}
