using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Changes;
using TrackingFunctions.Refresh;

namespace TrackingFunctions.Storage;

/// <summary>
/// Table storage implementation of <see cref="ITrackingStore"/>: the reads, and the writes handed to the write path
/// (<see cref="TrackingWriter"/>). A tracking's state and its webhook events share one partition, so a new event and
/// the new state go in one entity-group transaction: one read to decide, one write to commit, and the event-id
/// marker in that same write is the duplicate check.
/// </summary>
public sealed class TrackingStore : ITrackingStore, ITrackingLifecycleStore
{
    private readonly TrackingTables _tables;
    private readonly TrackingWriter _writer;

    /// <summary>
    /// A store whose change events are written to the outbox with the default options and left for the sweep to
    /// publish (nothing publishes them right after the commit).
    /// </summary>
    public TrackingStore(TrackingTables tables, TimeProvider timeProvider, ILogger<TrackingStore> logger, RefreshPolicy refreshPolicy)
        : this(tables, timeProvider, logger, refreshPolicy, new ChangeOutbox(new ChangeEventFactory(Options.Create(new ChangeEventOptions()))), null)
    {
    }

    public TrackingStore(
        TrackingTables tables,
        TimeProvider timeProvider,
        ILogger<TrackingStore> logger,
        RefreshPolicy refreshPolicy,
        ChangeOutbox outbox,
        ChangeDispatcher? dispatcher,
        OrderHasher? orderHasher = null)
    {
        _tables = tables;
        var orderIndex = orderHasher is { Enabled: true } ? new OrderIndex(tables, orderHasher) : null;
        _writer = new TrackingWriter(tables, timeProvider, logger, refreshPolicy, outbox, dispatcher, orderIndex);
    }

    public Task<ApplyResult> ApplyAsync(Tracking tracking, string source, WebhookEventRecord? webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentException.ThrowIfNullOrWhiteSpace(tracking.Id, nameof(tracking));
        return StorageUnavailableException.GuardAsync(() => _writer.ApplyAsync(new TrackingWrite(tracking, source, webhookEvent, null), cancellationToken), cancellationToken);
    }

    public Task<ApplyResult> ApplyRefreshAsync(Tracking tracking, StoredTracking knownState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentNullException.ThrowIfNull(knownState);
        ArgumentException.ThrowIfNullOrWhiteSpace(tracking.Id, nameof(tracking));
        return StorageUnavailableException.GuardAsync(() => _writer.ApplyAsync(new TrackingWrite(tracking, TrackingSource.Refresh, null, knownState), cancellationToken), cancellationToken);
    }

    public Task<ApplyResult> ApplyLifecycleAsync(Tracking tracking, string lifecycle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentException.ThrowIfNullOrWhiteSpace(tracking.Id, nameof(tracking));
        ArgumentException.ThrowIfNullOrWhiteSpace(lifecycle);
        return StorageUnavailableException.GuardAsync(() => _writer.ApplyAsync(new TrackingWrite(tracking, TrackingSource.Command, null, null, lifecycle), cancellationToken), cancellationToken);
    }

    public Task<StoredTracking?> GetAsync(string id, CancellationToken cancellationToken)
        => StorageUnavailableException.GuardAsync(
            async () =>
            {
                var table = await _tables.GetAsync(TableNames.Trackings, cancellationToken);
                var entity = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(id), StateColumns.RowKey, cancellationToken: cancellationToken);
                return entity.HasValue ? StoredTracking.FromEntity(entity.Value!) : null;
            },
            cancellationToken);

    public Task<StoredTracking?> FindAsync(string slug, string trackingNumber, CancellationToken cancellationToken)
        => StorageUnavailableException.GuardAsync(
            async () =>
            {
                var lookup = await _tables.GetAsync(TableNames.TrackingLookup, cancellationToken);
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
                var table = await _tables.GetAsync(TableNames.Trackings, cancellationToken);
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

    private static StoredEvent ToStoredEvent(TableEntity entity) => new(
        entity.GetString(EventColumns.EventId) ?? string.Empty,
        entity.GetString(EventColumns.EventType),
        entity.GetInt64(EventColumns.Ts),
        entity.GetDateTimeOffset(EventColumns.ReceivedAt) ?? default,
        entity.GetBoolean(EventColumns.IsTrackingFirstTag),
        entity.GetBoolean(EventColumns.Applied) ?? false,
        PayloadColumns.Read(entity) ?? []);
}
