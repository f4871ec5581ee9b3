using System.Text;
using Azure.Data.Tables;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Storage;

namespace TrackingFunctions.LoadHarness;

/// <summary>
/// The webhook ceiling's store: it does the CPU work <see cref="TrackingStore"/> does before it calls storage (the
/// tracking serialised to UTF-8 and both payloads, event body and state, gzipped into table entities) and then makes
/// no storage call at all. The receiver in front of it is the real one, so the ceiling is "the same work with the
/// storage round trips removed".
/// </summary>
internal sealed class NoStorageTrackingStore : ITrackingStore
{
    public Task<ApplyResult> ApplyAsync(Tracking tracking, string source, WebhookEventRecord? webhookEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        var partitionKey = TableKey.Encode(tracking.Id!);
        PayloadColumns.Write(new TableEntity(partitionKey, StateColumns.RowKey), Encoding.UTF8.GetBytes(tracking.ToJson()));
        if (webhookEvent is not null)
        {
            PayloadColumns.Write(new TableEntity(partitionKey, EventColumns.EventRowKeyFor(webhookEvent)), webhookEvent.RawBody.Span);
        }

        return Task.FromResult(new ApplyResult(ApplyOutcome.Applied, true, null));
    }

    public Task<ApplyResult> ApplyRefreshAsync(Tracking tracking, StoredTracking knownState, CancellationToken cancellationToken)
        => ApplyAsync(tracking, TrackingSource.Refresh, null, cancellationToken);

    public Task<StoredTracking?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult<StoredTracking?>(null);

    public Task<StoredTracking?> FindAsync(string slug, string trackingNumber, CancellationToken cancellationToken) => Task.FromResult<StoredTracking?>(null);

    public Task<StoredEventPage> ListEventsAsync(string id, int pageSize, string? continuationToken, CancellationToken cancellationToken)
        => throw new NotSupportedException("The ceiling store keeps nothing.");
}
