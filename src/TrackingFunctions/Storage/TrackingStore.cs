using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Refresh;

namespace TrackingFunctions.Storage;

/// <summary>
/// Table storage implementation of <see cref="ITrackingStore"/>. A tracking's state and its webhook events share
/// one partition, so a new event and the new state go in one entity-group transaction: one read to decide, one
/// write to commit, and the event-id marker in that same write is the duplicate check.
/// </summary>
/// <remarks>
/// Every write also keeps the tracking's place in the refresh schedule (see <see cref="RefreshPolicy.PlanWrite"/> and
/// <see cref="DueIndex"/>). A webhook or command for a scheduled tracking writes no due row in the common case, so
/// it stays at two round trips; a first sight, or a reset to an earlier time than the due row holds, writes the row
/// before the state. A refresh moves the row after the state, and stores a refresh that found nothing new as a
/// merge of the schedule columns only.
/// </remarks>
public sealed partial class TrackingStore(
    TrackingTables tables,
    TimeProvider timeProvider,
    ILogger<TrackingStore> logger,
    RefreshPolicy refreshPolicy) : ITrackingStore
{
    /// <summary>Re-reads after losing an ETag race; enough for dozens of concurrent writers to one tracking.</summary>
    internal const int MaxAttempts = 30;


    public Task<ApplyResult> ApplyAsync(Tracking tracking, string source, WebhookEventRecord? webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentException.ThrowIfNullOrWhiteSpace(tracking.Id, nameof(tracking));
        return StorageUnavailableException.GuardAsync(() => ApplyCoreAsync(tracking, source, webhookEvent, null, cancellationToken), cancellationToken);
    }

    public Task<ApplyResult> ApplyRefreshAsync(Tracking tracking, StoredTracking knownState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentNullException.ThrowIfNull(knownState);
        ArgumentException.ThrowIfNullOrWhiteSpace(tracking.Id, nameof(tracking));
        return StorageUnavailableException.GuardAsync(() => ApplyCoreAsync(tracking, TrackingSource.Refresh, null, knownState, cancellationToken), cancellationToken);
    }

    public Task<StoredTracking?> GetAsync(string id, CancellationToken cancellationToken)
        => StorageUnavailableException.GuardAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableNames.Trackings, cancellationToken);
                var entity = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(id), StateColumns.RowKey, cancellationToken: cancellationToken);
                return entity.HasValue ? StoredTracking.FromEntity(entity.Value!) : null;
            },
            cancellationToken);

    public Task<StoredTracking?> FindAsync(string slug, string trackingNumber, CancellationToken cancellationToken)
        => StorageUnavailableException.GuardAsync(
            async () =>
            {
                var lookup = await tables.GetAsync(TableNames.TrackingLookup, cancellationToken);
                var (pk, rk) = LookupKeys(slug, trackingNumber);
                var row = await lookup.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken);
                if (!row.HasValue || row.Value!.GetString(StateColumns.Id) is not { } id)
                {
                    return null;
                }

                // The index is written before the state and never deleted on a slug change, so check it still holds.
                var state = await GetAsync(id, cancellationToken);
                return state is not null
                       && string.Equals(state.Slug, slug, StringComparison.OrdinalIgnoreCase)
                       && string.Equals(state.TrackingNumber, trackingNumber, StringComparison.OrdinalIgnoreCase)
                    ? state
                    : null;
            },
            cancellationToken);

    public Task<StoredEventPage> ListEventsAsync(string id, int pageSize, string? continuationToken, CancellationToken cancellationToken)
        => StorageUnavailableException.GuardAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableNames.Trackings, cancellationToken);
                var pk = TableKey.Encode(id);
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {EventColumns.EventPrefix} and RowKey lt {EventColumns.EventRangeEnd}");
                var pages = table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize);
                await foreach (var page in pages)
                {
                    return new StoredEventPage(page.Values.Select(ToStoredEvent).ToList(), page.ContinuationToken);
                }

                return new StoredEventPage([], null);
            },
            cancellationToken);

    internal static (string PartitionKey, string RowKey) LookupKeys(string slug, string trackingNumber)
        => (TableKey.Encode(slug.Trim().ToLowerInvariant()), TableKey.Encode(trackingNumber.Trim().ToUpperInvariant()));

    private static string? LookupKeyOf(Tracking tracking)
        => string.IsNullOrWhiteSpace(tracking.Slug) || string.IsNullOrWhiteSpace(tracking.TrackingNumber)
            ? null
            : tracking.Slug.Trim().ToLowerInvariant() + "|" + tracking.TrackingNumber.Trim().ToUpperInvariant();

    private static StoredEvent ToStoredEvent(TableEntity entity) => new(
        entity.GetString(EventColumns.EventId) ?? string.Empty,
        entity.GetString(EventColumns.EventType),
        entity.GetInt64(EventColumns.Ts),
        entity.GetDateTimeOffset(EventColumns.ReceivedAt) ?? default,
        entity.GetBoolean(EventColumns.IsTrackingFirstTag),
        entity.GetBoolean(EventColumns.Applied) ?? false,
        PayloadColumns.Read(entity) ?? []);

    private async Task<ApplyResult> ApplyCoreAsync(Tracking tracking, string source, WebhookEventRecord? webhookEvent, StoredTracking? knownState, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Trackings, cancellationToken);
        var partitionKey = TableKey.Encode(tracking.Id!);
        var incoming = new TrackingVersion(tracking.UpdatedAtValue, tracking.CheckpointCount);
        var payload = tracking.ToUtf8Json();
        var lookupKey = LookupKeyOf(tracking);
        var refresh = source == TrackingSource.Refresh;

        for (var attempt = 1; ; attempt++)
        {
            StoredTracking? stored;
            if (attempt == 1 && knownState is not null)
            {
                // The caller read these same columns moments ago; every write below is conditional on its ETag.
                stored = knownState;
            }
            else
            {
                var read = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, StateColumns.RowKey, StateColumns.Decision, cancellationToken);
                stored = read.HasValue ? StoredTracking.FromEntity(read.Value!) : null;
            }

            var now = timeProvider.GetUtcNow();
            var apply = stored is null || incoming.MayReplace(stored.Version);
            var changed = stored is null || incoming.IsNewerThan(stored.Version);

            if (refresh && webhookEvent is null && stored is not null && apply && !changed)
            {
                if (stored.NextRefreshAt > now)
                {
                    // Someone (an overlapping run, a webhook) rescheduled it since it was found due: nothing to add.
                    return new ApplyResult(ApplyOutcome.Duplicate, false, stored);
                }

                var unchangedPlan = refreshPolicy.PlanWrite(stored, tracking, source, changed: false, now);
                if (unchangedPlan.NextRefreshAt is not null && SameData(stored, tracking))
                {
                    var merged = await MergeScheduleAsync(table, stored, unchangedPlan, now, cancellationToken);
                    if (merged is null)
                    {
                        CheckAttempts(attempt, null);
                        LogConflict(logger, attempt);
                        continue;
                    }

                    await MoveDueRowAsync(stored, merged, cancellationToken);
                    return new ApplyResult(ApplyOutcome.Applied, false, merged);
                }
            }

            if (apply && lookupKey is not null && lookupKey != stored?.LookupKey)
            {
                // Written before the state so a crash in between leaves an index row pointing at nothing yet,
                // never a state that cannot be found by number.
                await WriteLookupAsync(tracking, cancellationToken);
            }

            var plan = apply ? refreshPolicy.PlanWrite(stored, tracking, source, changed, now) : null;
            if (plan?.InsertRowBefore is { } dueAt)
            {
                // Like the lookup row: the due row exists before any state points at it.
                var schedule = await tables.GetAsync(TableNames.RefreshSchedule, cancellationToken);
                await DueIndex.UpsertAsync(schedule, DueIndex.Row(dueAt, tracking.Id!, tracking.Slug, tracking.TrackingNumber), cancellationToken);
            }

            var actions = new List<TableTransactionAction>(3);
            if (webhookEvent is not null)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, EventMarker(partitionKey, webhookEvent)));
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, EventEntity(partitionKey, webhookEvent, apply)));
            }

            TableEntity? state = null;
            if (apply)
            {
                state = StateEntity(partitionKey, tracking, source, webhookEvent?.EventId, lookupKey, payload, plan!, stored, now);
                actions.Add(stored is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, state)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, state, stored.ETag));
            }

            if (actions.Count == 0)
            {
                return new ApplyResult(ApplyOutcome.Stale, false, stored);
            }

            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (webhookEvent is not null && ex.Status == 409 && ex.FailedTransactionActionIndex is 0 or null)
            {
                return new ApplyResult(ApplyOutcome.Duplicate, false, stored);
            }
            catch (TableTransactionFailedException ex) when (apply && ex.Status is 409 or 412 && ex.FailedTransactionActionIndex == actions.Count - 1)
            {
                CheckAttempts(attempt, ex);
                LogConflict(logger, attempt);
                continue;
            }

            if (!apply)
            {
                return new ApplyResult(ApplyOutcome.Stale, changed, stored);
            }

            var written = StoredTracking.FromEntity(state!);
            if (plan!.MoveRowAfter)
            {
                await MoveDueRowAsync(stored, written, cancellationToken);
            }

            return new ApplyResult(ApplyOutcome.Applied, changed, written);
        }
    }

    private static void CheckAttempts(int attempt, Exception? conflict)
    {
        if (attempt >= MaxAttempts)
        {
            throw new StorageUnavailableException($"Gave up after {attempt} concurrent-update conflicts on one tracking.", conflict ?? new InvalidOperationException("ETag conflict."));
        }
    }

    /// <summary>The columns a refresh that found the same version could change; if any differs, the state is replaced.</summary>
    private static bool SameData(StoredTracking stored, Tracking tracking)
        => string.Equals(stored.Tag, tracking.Tag, StringComparison.Ordinal)
           && string.Equals(stored.Subtag, tracking.Subtag, StringComparison.Ordinal)
           && stored.Active == tracking.Active
           && string.Equals(stored.Slug, tracking.Slug, StringComparison.Ordinal)
           && string.Equals(stored.TrackingNumber, tracking.TrackingNumber, StringComparison.Ordinal);

    /// <summary>Moves only the schedule forward, conditional on the ETag read: data columns are never touched.</summary>
    private static async Task<StoredTracking?> MergeScheduleAsync(TableClient table, StoredTracking stored, SchedulePlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(TableKey.Encode(stored.Id), StateColumns.RowKey)
        {
            [StateColumns.NextRefreshAt] = plan.NextRefreshAt,
            [StateColumns.RefreshIntervalSeconds] = plan.Interval?.TotalSeconds,
            [StateColumns.ScheduledRefreshAt] = plan.ScheduledRefreshAt,
            [StateColumns.LastRefreshAt] = now,
            [StateColumns.Gone] = false,
        };
        try
        {
            var response = await table.UpdateEntityAsync(entity, stored.ETag, TableUpdateMode.Merge, cancellationToken);
            return stored with
            {
                NextRefreshAt = plan.NextRefreshAt,
                RefreshInterval = plan.Interval,
                ScheduledRefreshAt = plan.ScheduledRefreshAt,
                LastRefreshAt = now,
                Gone = false,
                ETag = response.Headers.ETag ?? default,
            };
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>
    /// After a refresh stored the state: the due row moves from where the old state had it to where the new one
    /// has it. A failure here only leaves the old row behind, which the timer moves when it meets it.
    /// </summary>
    private async Task MoveDueRowAsync(StoredTracking? stored, StoredTracking written, CancellationToken cancellationToken)
    {
        var to = written.NextRefreshAt is not null ? written.ScheduledRefreshAt : null;
        var from = stored?.ScheduledRefreshAt is { } at && at != to ? DueIndex.RowKey(at, written.Id) : null;
        if (to is null && from is null)
        {
            return;
        }

        try
        {
            var schedule = await tables.GetAsync(TableNames.RefreshSchedule, cancellationToken);
            var row = to is { } dueAt ? DueIndex.Row(dueAt, written.Id, written.Slug, written.TrackingNumber) : null;
            await DueIndex.MoveAsync(schedule, from, row, cancellationToken);
        }
        catch (Exception ex) when (StorageUnavailableException.IsTransient(ex, cancellationToken))
        {
            LogDueRowNotMoved(logger, written.Id, ex);
        }
    }

    private async Task WriteLookupAsync(Tracking tracking, CancellationToken cancellationToken)
    {
        var lookup = await tables.GetAsync(TableNames.TrackingLookup, cancellationToken);
        var (pk, rk) = LookupKeys(tracking.Slug!, tracking.TrackingNumber!);
        var entity = new TableEntity(pk, rk)
        {
            [StateColumns.Id] = tracking.Id,
            [StateColumns.Slug] = tracking.Slug,
            [StateColumns.TrackingNumber] = tracking.TrackingNumber,
        };
        await lookup.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    private static TableEntity StateEntity(
        string partitionKey,
        Tracking tracking,
        string source,
        string? eventId,
        string? lookupKey,
        ReadOnlyMemory<byte> payload,
        SchedulePlan plan,
        StoredTracking? stored,
        DateTimeOffset now)
    {
        var entity = new TableEntity(partitionKey, StateColumns.RowKey)
        {
            [StateColumns.Id] = tracking.Id,
            [StateColumns.TrackingNumber] = tracking.TrackingNumber,
            [StateColumns.Slug] = tracking.Slug,
            [StateColumns.Tag] = tracking.Tag,
            [StateColumns.Subtag] = tracking.Subtag,
            [StateColumns.Active] = tracking.Active,
            [StateColumns.UpdatedAt] = tracking.UpdatedAt,
            [StateColumns.UpdatedAtUtc] = tracking.UpdatedAtValue,
            [StateColumns.CheckpointCount] = tracking.CheckpointCount,
            [StateColumns.Source] = source,
            [StateColumns.SourceAt] = now,
            [StateColumns.LastEventId] = eventId,
            [StateColumns.LookupKey] = lookupKey,
            [StateColumns.CreatedAtUtc] = AfterShipDate.Parse(tracking.CreatedAt) ?? stored?.CreatedAt,
            [StateColumns.NextRefreshAt] = plan.NextRefreshAt,
            [StateColumns.RefreshIntervalSeconds] = plan.Interval?.TotalSeconds,
            [StateColumns.ScheduledRefreshAt] = plan.ScheduledRefreshAt,
            [StateColumns.LastRefreshAt] = source == TrackingSource.Refresh ? now : stored?.LastRefreshAt,
            [StateColumns.Gone] = false,
        };
        PayloadColumns.Write(entity, payload.Span);
        return entity;
    }

    private static TableEntity EventMarker(string partitionKey, WebhookEventRecord record) => new(partitionKey, EventColumns.MarkerRowKey(record.EventId))
    {
        [EventColumns.EventId] = record.EventId,
        [EventColumns.EventRowKey] = EventColumns.EventRowKeyFor(record),
    };

    private static TableEntity EventEntity(string partitionKey, WebhookEventRecord record, bool applied)
    {
        var entity = new TableEntity(partitionKey, EventColumns.EventRowKeyFor(record))
        {
            [EventColumns.EventId] = record.EventId,
            [EventColumns.EventType] = record.EventType,
            [EventColumns.Ts] = record.Ts,
            [EventColumns.ReceivedAt] = record.ReceivedAt,
            [EventColumns.IsTrackingFirstTag] = record.IsTrackingFirstTag,
            [EventColumns.Applied] = applied,
        };
        PayloadColumns.Write(entity, record.RawBody.Span);
        return entity;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Tracking state changed under us (attempt {Attempt}); re-reading")]
    private static partial void LogConflict(ILogger logger, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tracking {TrackingId} was refreshed but its due row could not be moved; the timer moves it when it meets the old row")]
    private static partial void LogDueRowNotMoved(ILogger logger, string trackingId, Exception exception);
}
