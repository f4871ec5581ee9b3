using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrackingFunctions.Changes;
using TrackingFunctions.Storage;
using TrackingFunctions.Telemetry;

namespace TrackingFunctions.Attention;

/// <summary>The outcome of one check: how many causes it raised, and the tracking's next deadline.</summary>
public sealed record AttentionCheck(int Raised, DateTimeOffset? DueAt);

/// <summary>
/// Checks one tracking against the attention rules and raises what newly holds. A raise commits, in one
/// entity-group transaction of the tracking's partition: the attention row (which causes are open), the state's
/// change sequence moved on, and one outbox row per event. So an attention event leaves exactly as a change event
/// does (published right away, or by the sweep after a crash), and two checks that race (two instances, a
/// redelivery beside the timer) cannot both raise: the loser's ETag is stale, it reads again and finds the cause open.
/// </summary>
public sealed partial class AttentionChecker(
    TrackingTables tables,
    AttentionEventFactory events,
    IOptions<AlertOptions> options,
    TimeProvider timeProvider,
    IServiceProvider services,
    TrackingMetrics metrics,
    ILogger<AttentionChecker> logger)
{
    /// <summary>Re-reads after losing an ETag race to a write or another check of the same tracking.</summary>
    internal const int MaxAttempts = 20;

    /// <summary>
    /// Checks the tracking as stored now. <paramref name="observed"/> is the change being handed over, if any: a failed
    /// attempt or an exception that a newer change already overtook is still raised, and a tag that clears one
    /// re-arms it, in sequence order, however late the check runs.
    /// </summary>
    public async Task<AttentionCheck> CheckAsync(string partitionKey, AttentionObservation? observed, CancellationToken cancellationToken)
    {
        var trackings = await tables.GetAsync(TableNames.Trackings, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var (stateEntity, recordEntity) = await ReadAsync(trackings, partitionKey, cancellationToken);
            var record = AttentionRecord.FromEntity(recordEntity);
            if (stateEntity is null || PayloadColumns.Read(stateEntity) is not { } payload)
            {
                // Nothing to check, now or later: the timer drops the deadline row it came from.
                return new AttentionCheck(0, null);
            }

            var state = StoredTracking.FromEntity(stateEntity);
            var facts = TrackingFacts.Read(payload);
            var now = timeProvider.GetUtcNow();
            var verdict = AttentionRules.Evaluate(AttentionFacts.From(state, facts, payload), options.Value, now);
            var fresh = observed is { } o && o.Sequence > record.ObservedSequence ? o : null;
            var raises = Raises(record, verdict, fresh);
            var updated = record with
            {
                // A cause that no longer holds drops out here: it is re-armed, and raises again if it returns.
                Open = verdict.Holds.Select(h => h.Cause).ToHashSet(StringComparer.Ordinal),
                ObservedSequence = fresh?.Sequence ?? record.ObservedSequence,
                Raised = AttentionCauses.All.ToDictionary(c => c, c => record.RaisedCount(c) + (raises.Any(r => r.Cause == c) ? 1 : 0), StringComparer.Ordinal),
                DueAt = CeilingToSecond(verdict.NextCheckAt),
            };
            if (updated.SameAs(record))
            {
                return new AttentionCheck(0, record.DueAt);
            }

            var schedule = await tables.GetAsync(TableNames.RefreshSchedule, cancellationToken);
            if (updated.DueAt is { } dueAt && dueAt != record.DueAt)
            {
                // Before the row that points at it, as the refresh's due rows are: a crash leaves at worst an extra
                // deadline row, which the timer meets, checks and deletes.
                await schedule.UpsertEntityAsync(AttentionIndex.Row(dueAt, state.Id), TableUpdateMode.Replace, cancellationToken);
            }

            var actions = new List<TableTransactionAction> { updated.ToAction(partitionKey) };
            if (raises.Count > 0)
            {
                AddRaises(actions, partitionKey, state, facts, raises, updated, now);
            }

            try
            {
                await trackings.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                if (attempt >= MaxAttempts)
                {
                    throw new StorageUnavailableException($"Gave up after {attempt} concurrent-update conflicts on one tracking's attention check.", ex);
                }

                continue;
            }

            if (record.DueAt is { } old && old != updated.DueAt)
            {
                await AttentionIndex.DeleteAsync(schedule, old, state.Id, cancellationToken);
            }

            if (raises.Count > 0)
            {
                // Resolved here, not injected: the dispatcher's publisher holds every sink, this one's included.
                services.GetRequiredService<ChangeDispatcher>().Notify(partitionKey);
                foreach (var raise in raises)
                {
                    LogRaised(logger, state.Id, raise.Cause);
                    metrics.AttentionRaised(raise.Cause);
                }
            }

            return new AttentionCheck(raises.Count, updated.DueAt);
        }
    }

    /// <summary>
    /// The causes to raise: the observed change's own tag cause, unless open; then whatever holds now and is not open.
    /// A tag cause counts as open only if the observed change still shows its tag: a change that shows another tag
    /// cleared it, even when a newer change brought it back before this check ran.
    /// </summary>
    private static List<AttentionHold> Raises(AttentionRecord record, AttentionVerdict verdict, AttentionObservation? observed)
    {
        var open = new HashSet<string>(record.Open, StringComparer.Ordinal);
        var raises = new List<AttentionHold>();
        if (observed is not null)
        {
            var observedCause = AttentionRules.TagCause(observed.Tag);
            open.RemoveWhere(c => AttentionRules.IsTagCause(c) && c != observedCause);
            if (observedCause is not null && open.Add(observedCause))
            {
                raises.Add(verdict.Holds.FirstOrDefault(h => h.Cause == observedCause) ?? new AttentionHold(observedCause, null));
            }
        }

        raises.AddRange(verdict.Holds.Where(h => open.Add(h.Cause)));
        return raises;
    }

    private void AddRaises(List<TableTransactionAction> actions, string partitionKey, StoredTracking state, TrackingFacts facts, List<AttentionHold> raises, AttentionRecord updated, DateTimeOffset now)
    {
        var sequence = state.ChangeSequence;
        var bump = new TableEntity(partitionKey, StateColumns.RowKey) { [StateColumns.ChangeSequence] = sequence + raises.Count };
        actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, bump, state.ETag));
        foreach (var raise in raises)
        {
            sequence++;
            var cloudEvent = events.Create(state, facts, raise, updated.RaisedCount(raise.Cause), options.Value, sequence, now);
            actions.Add(new TableTransactionAction(
                TableTransactionActionType.Add,
                OutboxRows.Create(partitionKey, sequence, ChangeEventFactory.EventId(state.Id, sequence), ChangeEventTypes.Attention, now, cloudEvent)));
        }
    }

    private static async Task<(TableEntity? State, TableEntity? Record)> ReadAsync(TableClient trackings, string partitionKey, CancellationToken cancellationToken)
    {
        TableEntity? state = null;
        TableEntity? record = null;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and (RowKey eq {StateColumns.RowKey} or RowKey eq {AttentionRecord.RowKey})");
        await foreach (var entity in trackings.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (entity.RowKey == StateColumns.RowKey)
            {
                state = entity;
            }
            else
            {
                record = entity;
            }
        }

        return (state, record);
    }

    /// <summary>Whole seconds, rounded up, so a deadline row never comes due before its cause holds.</summary>
    private static DateTimeOffset? CeilingToSecond(DateTimeOffset? at)
        => at is { } value ? new DateTimeOffset(((value.UtcTicks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond) * TimeSpan.TicksPerSecond, TimeSpan.Zero) : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Tracking {TrackingId} needs attention: {Cause}")]
    private static partial void LogRaised(ILogger logger, string trackingId, string cause);
}
