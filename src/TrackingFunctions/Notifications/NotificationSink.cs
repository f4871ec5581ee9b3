using Microsoft.Extensions.Options;
using TrackingFunctions.Changes;

namespace TrackingFunctions.Notifications;

/// <summary>
/// The outbox's sink for shopper emails: reads the milestone a change reaches, records it once per tracking and
/// milestone (an insert that fails when the row exists), and queues it for sending. Returns as soon as both are
/// stored; the SMTP work happens in <see cref="Functions.SendMilestoneEmail"/>.
/// </summary>
internal sealed class NotificationSink(NotificationStore store, NotificationMessages queue, IOptions<NotificationOptions> options, TimeProvider time) : IChangeEventSink
{
    private readonly Lazy<IReadOnlySet<string>> _milestones = new(() => options.Value.MilestoneSet());

    public string Name => "shopper-emails";

    public async Task AcceptAsync(OutboxEvent change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        // Attention events are for the shop, not the shopper: they announce no milestone even when their tag is one.
        if (!options.Value.Enabled || change.EventType == ChangeEventTypes.Attention || Milestone.Read(change.CloudEvent) is not { } reading || !_milestones.Value.Contains(reading.Milestone))
        {
            return;
        }

        var record = new NotificationRecord
        {
            TrackingId = reading.TrackingId,
            Milestone = reading.Milestone,
            State = reading.FromImport ? NotificationState.BeforeImport : NotificationState.Queued,
            Sequence = change.Sequence,
            EventId = change.EventId,
            CommittedAt = change.CommittedAt,
            UpdatedAt = time.GetUtcNow(),
        };
        if (await store.TryAddAsync(record, cancellationToken))
        {
            if (!reading.FromImport)
            {
                await queue.SendAsync(record.TrackingId, record.Milestone, TimeSpan.Zero, cancellationToken);
            }

            return;
        }

        // Already recorded. The same event again (the sweep re-handing a row whose first hand-off died between the
        // insert and the queue) queues it again, in case that message was never sent; a duplicate finds the work done.
        var existing = await store.FindAsync(record.TrackingId, record.Milestone, cancellationToken);
        if (existing is { State: NotificationState.Queued, Attempts: 0 } && existing.EventId == change.EventId)
        {
            await queue.SendAsync(record.TrackingId, record.Milestone, TimeSpan.Zero, cancellationToken);
        }
    }
}
