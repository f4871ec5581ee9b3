using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using TrackingFunctions.Changes;
using TrackingFunctions.Refresh;

namespace TrackingFunctions.Storage;

/// <summary>
/// The write path of <see cref="TrackingStore"/>: read the state, decide (<see cref="WriteDecision"/>), plan the
/// rows (<see cref="WritePlan"/>) and commit them in one entity-group transaction, conditional on the ETag read.
/// Losing the ETag race to another writer means reading again and deciding again.
/// </summary>
/// <remarks>
/// Every write also keeps the tracking's place in the refresh schedule (see <see cref="RefreshPolicy.PlanWrite"/> and
/// <see cref="DueIndex"/>). A webhook or command for a scheduled tracking writes no due row in the common case, so
/// it stays at two round trips; a first sight, or a reset to an earlier time than the due row holds, writes the row
/// before the state. A refresh moves the row after the state, and stores a refresh that found nothing new as a
/// merge of the schedule columns only.
/// </remarks>
internal sealed partial class TrackingWriter(
    TrackingTables tables,
    TimeProvider timeProvider,
    ILogger logger,
    RefreshPolicy refreshPolicy,
    ChangeOutbox outbox,
    ChangeDispatcher? dispatcher,
    OrderIndex? orderIndex = null)
{
    /// <summary>Re-reads after losing an ETag race; enough for dozens of concurrent writers to one tracking.</summary>
    internal const int MaxAttempts = 30;

    private readonly TrackingSideRows _sideRows = new(tables, logger, orderIndex);

    public async Task<ApplyResult> ApplyAsync(TrackingWrite write, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Trackings, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            // On the first attempt of a refresh the caller read these same columns moments ago; every write below is
            // conditional on its ETag, so a state that changed since only costs a retry.
            var stored = attempt == 1 && write.KnownState is not null ? write.KnownState : await ReadDecisionColumnsAsync(table, write, cancellationToken);
            var now = timeProvider.GetUtcNow();
            var decision = WriteDecision.Decide(stored, write.Incoming);

            if (decision.IsUnchangedRefresh(write))
            {
                if (stored!.NextRefreshAt > now)
                {
                    // Someone (an overlapping run, a webhook) rescheduled it since it was found due: nothing to add.
                    return new ApplyResult(ApplyOutcome.Duplicate, false, stored);
                }

                var unchangedPlan = refreshPolicy.PlanWrite(stored, write.Tracking, write.Source, changed: false, now);
                if (unchangedPlan.NextRefreshAt is not null && WriteDecision.SameData(stored, write.Tracking) && _sideRows.AreCurrent(stored, write))
                {
                    var merged = await TrackingSideRows.MergeScheduleAsync(table, stored, unchangedPlan, now, cancellationToken);
                    if (merged is null)
                    {
                        CheckAttempts(attempt, null);
                        LogConflict(logger, attempt);
                        continue;
                    }

                    await _sideRows.MoveDueRowAsync(stored, merged, cancellationToken);
                    return new ApplyResult(ApplyOutcome.Applied, false, merged);
                }
            }

            var plan = await PlanAsync(write, decision, now, cancellationToken);
            if (plan.IsEmpty)
            {
                return new ApplyResult(ApplyOutcome.Stale, false, stored);
            }

            try
            {
                await table.SubmitTransactionAsync(plan.Actions, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (write.WebhookEvent is not null && ex.Status == 409 && ex.FailedTransactionActionIndex is 0 or null)
            {
                return new ApplyResult(ApplyOutcome.Duplicate, false, stored);
            }
            catch (TableTransactionFailedException ex) when (decision.Apply && ex.Status is 409 or 412 && ex.FailedTransactionActionIndex >= plan.StateIndex)
            {
                CheckAttempts(attempt, ex);
                LogConflict(logger, attempt);
                continue;
            }

            return await CommittedAsync(decision, plan, cancellationToken);
        }
    }

    private static async Task<StoredTracking?> ReadDecisionColumnsAsync(TableClient table, TrackingWrite write, CancellationToken cancellationToken)
    {
        var read = await table.GetEntityIfExistsAsync<TableEntity>(write.PartitionKey, StateColumns.RowKey, StateColumns.Decision, cancellationToken);
        return read.HasValue ? StoredTracking.FromEntity(read.Value!) : null;
    }

    /// <summary>Writes the rows outside the partition that must exist before the state, then plans the transaction.</summary>
    private async Task<WritePlan> PlanAsync(TrackingWrite write, WriteDecision decision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var order = decision.Apply ? _sideRows.PlanOrder(write) : null;
        var schedule = decision.Apply ? refreshPolicy.PlanWrite(decision.Stored, write.Tracking, write.Source, decision.Changed, now) : null;

        // Each is written before the state, so a crash in between leaves a row pointing at nothing yet, never a
        // state that cannot be found by number or by order, or that the refresh would never meet. They do not depend
        // on each other, so a first sight waits for one round trip here, not two.
        var indexes = decision.Apply
            ? _sideRows.WriteIndexesAsync(write, decision.Stored, order, cancellationToken)
            : Task.CompletedTask;
        var due = schedule?.InsertRowBefore is { } dueAt
            ? _sideRows.InsertDueRowAsync(dueAt, write.Tracking, cancellationToken)
            : Task.CompletedTask;
        await Task.WhenAll(indexes, due);

        return WritePlan.For(write, decision, schedule, outbox, now, order);
    }

    private async Task<ApplyResult> CommittedAsync(WriteDecision decision, WritePlan plan, CancellationToken cancellationToken)
    {
        if (!decision.Apply)
        {
            return new ApplyResult(ApplyOutcome.Stale, decision.Changed, decision.Stored);
        }

        if (plan.Outbox is not null)
        {
            // After the commit and off this caller's path; if it never happens, the sweep publishes the row.
            dispatcher?.Notify(plan.Outbox);
        }

        var written = StoredTracking.FromEntity(plan.State!);
        await _sideRows.DropOldOrderRowAsync(decision.Stored, plan.Order, written.Id, cancellationToken);
        if (plan.Schedule!.MoveRowAfter)
        {
            await _sideRows.MoveDueRowAsync(decision.Stored, written, cancellationToken);
        }

        return new ApplyResult(ApplyOutcome.Applied, decision.Changed, written);
    }

    private static void CheckAttempts(int attempt, Exception? conflict)
    {
        if (attempt >= MaxAttempts)
        {
            throw new StorageUnavailableException($"Gave up after {attempt} concurrent-update conflicts on one tracking.", conflict ?? new InvalidOperationException("ETag conflict."));
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tracking state changed under us (attempt {Attempt}); re-reading")]
    private static partial void LogConflict(ILogger logger, int attempt);
}
