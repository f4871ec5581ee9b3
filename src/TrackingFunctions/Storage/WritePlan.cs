using Azure.Data.Tables;
using TrackingFunctions.Changes;
using TrackingFunctions.Refresh;

namespace TrackingFunctions.Storage;

/// <summary>
/// The one entity-group transaction a write commits: the webhook event and its marker (the duplicate check, so
/// always first), then the state, conditional on the ETag the decision was made on, then the change event's
/// outbox row (<see cref="ChangeOutbox"/>): the event exists if and only if the state it announces does.
/// </summary>
internal sealed class WritePlan
{
    private readonly List<TableTransactionAction> _actions = new(4);

    private WritePlan()
    {
    }

    public IReadOnlyList<TableTransactionAction> Actions => _actions;

    /// <summary>The state row being written; null when the incoming state was stale.</summary>
    public TableEntity? State { get; private set; }

    /// <summary>Index of the state action: a 409/412 at or after it means another writer got there first.</summary>
    public int StateIndex { get; private set; } = -1;

    public SchedulePlan? Schedule { get; private init; }

    /// <summary>The order index row the new state is indexed under (written before the transaction); null when none.</summary>
    public OrderIndexRow? Order { get; private init; }

    /// <summary>The change event's outbox row, committed with the state; null when the write changes nothing worth one.</summary>
    public TableEntity? Outbox { get; private set; }

    public bool IsEmpty => _actions.Count == 0;

    public static WritePlan For(TrackingWrite write, WriteDecision decision, SchedulePlan? schedule, ChangeOutbox outbox, DateTimeOffset now, OrderIndexRow? order)
    {
        var plan = new WritePlan { Schedule = schedule, Order = order };
        if (write.WebhookEvent is { } webhookEvent)
        {
            plan._actions.Add(new TableTransactionAction(TableTransactionActionType.Add, TrackingEntities.EventMarker(write.PartitionKey, webhookEvent)));
            plan._actions.Add(new TableTransactionAction(TableTransactionActionType.Add, TrackingEntities.Event(write.PartitionKey, webhookEvent, decision.Apply)));
        }

        if (decision.Apply)
        {
            var stored = decision.Stored;
            plan.State = TrackingEntities.State(write, schedule!, stored, now, order?.Key);
            plan.StateIndex = plan._actions.Count;
            plan._actions.Add(stored is null
                ? new TableTransactionAction(TableTransactionActionType.Add, plan.State)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, plan.State, stored.ETag));
            plan.Outbox = outbox.Plan(write, stored, plan.State, now);
            if (plan.Outbox is not null)
            {
                plan._actions.Add(new TableTransactionAction(TableTransactionActionType.Add, plan.Outbox));
            }
        }

        return plan;
    }
}
