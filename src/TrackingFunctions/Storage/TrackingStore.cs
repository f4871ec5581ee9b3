using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.Storage;

/// <summary>
/// Table storage implementation of <see cref="ITrackingStore"/>. A tracking's state and its webhook events share
/// one partition, so a new event and the new state go in one entity-group transaction: one read to decide, one
/// write to commit, and the event-id marker in that same write is the duplicate check.
/// </summary>
public sealed partial class TrackingStore(TrackingTables tables, TimeProvider timeProvider, ILogger<TrackingStore> logger) : ITrackingStore
{
    /// <summary>Re-reads after losing an ETag race; enough for dozens of concurrent writers to one tracking.</summary>
    internal const int MaxAttempts = 30;

    public Task<ApplyResult> ApplyAsync(Tracking tracking, string source, WebhookEventRecord? webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentException.ThrowIfNullOrWhiteSpace(tracking.Id, nameof(tracking));
        return StorageUnavailableException.GuardAsync(() => ApplyCoreAsync(tracking, source, webhookEvent, cancellationToken), cancellationToken);
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

    private async Task<ApplyResult> ApplyCoreAsync(Tracking tracking, string source, WebhookEventRecord? webhookEvent, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.Trackings, cancellationToken);
        var partitionKey = TableKey.Encode(tracking.Id!);
        var incoming = new TrackingVersion(tracking.UpdatedAtValue, tracking.CheckpointCount);
        var payload = Encoding.UTF8.GetBytes(tracking.ToJson());
        var lookupKey = LookupKeyOf(tracking);

        for (var attempt = 1; ; attempt++)
        {
            var read = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, StateColumns.RowKey, StateColumns.Decision, cancellationToken);
            var stored = read.HasValue ? StoredTracking.FromEntity(read.Value!) : null;
            var apply = stored is null || incoming.MayReplace(stored.Version);
            var changed = stored is null || incoming.IsNewerThan(stored.Version);

            if (apply && lookupKey is not null && lookupKey != stored?.LookupKey)
            {
                // Written before the state so a crash in between leaves an index row pointing at nothing yet,
                // never a state that cannot be found by number.
                await WriteLookupAsync(tracking, cancellationToken);
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
                state = StateEntity(partitionKey, tracking, source, webhookEvent?.EventId, lookupKey, payload);
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
                if (attempt >= MaxAttempts)
                {
                    throw new StorageUnavailableException($"Gave up after {attempt} concurrent-update conflicts on one tracking.", ex);
                }

                LogConflict(logger, attempt);
                continue;
            }

            return new ApplyResult(apply ? ApplyOutcome.Applied : ApplyOutcome.Stale, changed, apply ? StoredTracking.FromEntity(state!) : stored);
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

    private TableEntity StateEntity(string partitionKey, Tracking tracking, string source, string? eventId, string? lookupKey, byte[] payload)
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
            [StateColumns.SourceAt] = timeProvider.GetUtcNow(),
            [StateColumns.LastEventId] = eventId,
            [StateColumns.LookupKey] = lookupKey,
        };
        PayloadColumns.Write(entity, payload);
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
}
