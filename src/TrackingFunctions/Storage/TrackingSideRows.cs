using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Refresh;

namespace TrackingFunctions.Storage;

/// <summary>
/// The rows a tracking write keeps outside the tracking's partition (the slug + number lookup, the number-first
/// index, the order index and the refresh due index), and the refresh job's schedule-only merge. None of them can join the state's transaction, so each is
/// ordered so that a crash in between leaves nothing that points at a missing row.
/// </summary>
internal sealed partial class TrackingSideRows(TrackingTables tables, ILogger logger, OrderIndex? orderIndex)
{
    public OrderIndexRow? PlanOrder(TrackingWrite write) => orderIndex?.Plan(write.Tracking, write.Payload.Span);

    /// <summary>True when the stored state's index rows already say what this write would write.</summary>
    public bool AreCurrent(StoredTracking stored, TrackingWrite write)
        => stored.IndexVersion >= TrackingIndexes.Current && string.Equals(stored.OrderKey, PlanOrder(write)?.Key, StringComparison.Ordinal);

    /// <summary>
    /// The slug + number lookup and the number-first row when the number or slug changed (or the state predates the
    /// number index), and the order row when the order's hashes changed; the writes that are due run together.
    /// </summary>
    public async Task WriteIndexesAsync(TrackingWrite write, StoredTracking? stored, OrderIndexRow? order, CancellationToken cancellationToken)
    {
        var stale = stored is null || stored.IndexVersion < TrackingIndexes.Current;
        var writes = new List<Task>(3);
        if (write.LookupKey is not null && (stale || write.LookupKey != stored!.LookupKey))
        {
            writes.Add(WriteLookupAsync(write.Tracking, cancellationToken));
            writes.Add(WriteNumberAsync(write.Tracking, cancellationToken));
        }

        if (order is not null && orderIndex is not null && (stale || order.Key != stored!.OrderKey))
        {
            writes.Add(orderIndex.UpsertAsync(order, cancellationToken));
        }

        await Task.WhenAll(writes);
    }

    /// <summary>
    /// After the commit: the row of an order the tracking no longer belongs to. A failure leaves a row that still
    /// finds this parcel under its old order, so it is logged; the next write with a new order key retries it.
    /// </summary>
    public async Task DropOldOrderRowAsync(StoredTracking? stored, OrderIndexRow? order, string trackingId, CancellationToken cancellationToken)
    {
        if (orderIndex is null || stored?.OrderKey is null)
        {
            return;
        }

        try
        {
            await orderIndex.DeleteOldAsync(stored.OrderKey, order, trackingId, cancellationToken);
        }
        catch (Exception ex) when (StorageUnavailableException.IsTransient(ex, cancellationToken))
        {
            LogOrderRowNotDropped(logger, trackingId, ex);
        }
    }

    private async Task WriteLookupAsync(Tracking tracking, CancellationToken cancellationToken)
    {
        var lookup = await tables.GetAsync(TableNames.TrackingLookup, cancellationToken);
        var (pk, rk) = TrackingStore.LookupKeys(tracking.Slug!, tracking.TrackingNumber!);
        var entity = new TableEntity(pk, rk)
        {
            [StateColumns.Id] = tracking.Id,
            [StateColumns.Slug] = tracking.Slug,
            [StateColumns.TrackingNumber] = tracking.TrackingNumber,
        };
        await lookup.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The number-first row (<see cref="NumberIndex"/>), so a search without a courier is one point read.</summary>
    private async Task WriteNumberAsync(Tracking tracking, CancellationToken cancellationToken)
    {
        var numbers = await tables.GetAsync(TableNames.TrackingNumbers, cancellationToken);
        var numberKey = TrackingStore.LookupKeys(tracking.Slug!, tracking.TrackingNumber!).RowKey;
        await NumberIndex.AddAsync(numbers, numberKey, tracking.Slug!.Trim().ToLowerInvariant(), cancellationToken);
    }

    public async Task InsertDueRowAsync(DateTimeOffset dueAt, Tracking tracking, CancellationToken cancellationToken)
    {
        var schedule = await tables.GetAsync(TableNames.RefreshSchedule, cancellationToken);
        await DueIndex.UpsertAsync(schedule, DueIndex.Row(dueAt, tracking.Id!, tracking.Slug, tracking.TrackingNumber), cancellationToken);
    }

    /// <summary>Moves only the schedule forward, conditional on the ETag read: data columns are never touched.</summary>
    public static async Task<StoredTracking?> MergeScheduleAsync(TableClient table, StoredTracking stored, SchedulePlan plan, DateTimeOffset now, CancellationToken cancellationToken)
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
    public async Task MoveDueRowAsync(StoredTracking? stored, StoredTracking written, CancellationToken cancellationToken)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tracking {TrackingId} moved to another order but its old order index row could not be removed")]
    private static partial void LogOrderRowNotDropped(ILogger logger, string trackingId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tracking {TrackingId} was refreshed but its due row could not be moved; the timer moves it when it meets the old row")]
    private static partial void LogDueRowNotMoved(ILogger logger, string trackingId, Exception exception);
}
