using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Refresh;

/// <summary>One row of the due index: a tracking whose refresh was due at <see cref="At"/>.</summary>
public sealed record DueEntry(string RowKey, DateTimeOffset At, string Id, string? Slug, string? TrackingNumber);

/// <summary>The refresh job's side of the schedule: reading due rows and keeping rows and states in step.</summary>
public interface IRefreshScheduleStore
{
    /// <summary>
    /// Rows due at or before <paramref name="now"/>, earliest first, at most <paramref name="max"/>: one range query in
    /// the due partition, read page by page only as far as it is enumerated.
    /// </summary>
    IAsyncEnumerable<DueEntry> ReadDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>The tracking's state without its payload, or null.</summary>
    Task<StoredTracking?> ReadStateAsync(string id, CancellationToken cancellationToken);

    /// <summary>Deletes the row (a missing row is fine).</summary>
    Task RemoveAsync(DueEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the tracking's next refresh (ETag-conditional on <paramref name="state"/>; the schedule columns only), then
    /// moves the row there. False when the state changed since it was read: the row stays for the next run to decide.
    /// </summary>
    Task<bool> RescheduleAsync(DueEntry entry, StoredTracking state, DateTimeOffset nextRefreshAt, TimeSpan? interval, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the tracking off the schedule (and marks it gone at AfterShip when <paramref name="gone"/>), ETag-conditional
    /// on <paramref name="state"/>, then deletes the row. False when the state changed since it was read.
    /// </summary>
    Task<bool> LeaveAsync(DueEntry entry, StoredTracking state, bool gone, CancellationToken cancellationToken);
}

/// <summary>Table storage implementation of <see cref="IRefreshScheduleStore"/> over <see cref="DueIndex"/>.</summary>
public sealed class RefreshScheduleStore(TrackingTables tables) : IRefreshScheduleStore
{
    private static readonly string[] RowColumns = ["RowKey", StateColumns.Id, StateColumns.Slug, StateColumns.TrackingNumber];

    public async IAsyncEnumerable<DueEntry> ReadDueAsync(DateTimeOffset now, int max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var table = await StorageUnavailableException.GuardAsync(() => tables.GetAsync(TableNames.RefreshSchedule, cancellationToken), cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DueIndex.PartitionKey} and RowKey lt {DueIndex.UpperBound(now)}");
        var rows = table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), select: RowColumns, cancellationToken: cancellationToken);
        await using var enumerator = rows.GetAsyncEnumerator(cancellationToken);
        var taken = 0;
        while (taken < max && await StorageUnavailableException.GuardAsync(async () => await enumerator.MoveNextAsync(), cancellationToken))
        {
            var row = enumerator.Current;
            if (DueIndex.TimeOf(row.RowKey) is not { } at || row.GetString(StateColumns.Id) is not { Length: > 0 } id)
            {
                continue;
            }

            taken++;
            yield return new DueEntry(row.RowKey, at, id, row.GetString(StateColumns.Slug), row.GetString(StateColumns.TrackingNumber));
        }
    }

    public Task<StoredTracking?> ReadStateAsync(string id, CancellationToken cancellationToken)
        => StorageUnavailableException.GuardAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableNames.Trackings, cancellationToken);
                var entity = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(id), StateColumns.RowKey, StateColumns.Decision, cancellationToken);
                return entity.HasValue ? StoredTracking.FromEntity(entity.Value!) : null;
            },
            cancellationToken);

    public Task RemoveAsync(DueEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return StorageUnavailableException.GuardAsync(
            async () =>
            {
                var schedule = await tables.GetAsync(TableNames.RefreshSchedule, cancellationToken);
                await DueIndex.DeleteAsync(schedule, entry.RowKey, cancellationToken);
                return true;
            },
            cancellationToken);
    }

    public Task<bool> RescheduleAsync(DueEntry entry, StoredTracking state, DateTimeOffset nextRefreshAt, TimeSpan? interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(state);
        return StorageUnavailableException.GuardAsync(
            async () =>
            {
                if (state.NextRefreshAt != nextRefreshAt || state.ScheduledRefreshAt != nextRefreshAt || state.RefreshInterval != interval)
                {
                    var trackings = await tables.GetAsync(TableNames.Trackings, cancellationToken);
                    var entity = new TableEntity(TableKey.Encode(state.Id), StateColumns.RowKey)
                    {
                        [StateColumns.NextRefreshAt] = nextRefreshAt,
                        [StateColumns.ScheduledRefreshAt] = nextRefreshAt,
                    };
                    if (interval is { } value)
                    {
                        entity[StateColumns.RefreshIntervalSeconds] = value.TotalSeconds;
                    }

                    try
                    {
                        await trackings.UpdateEntityAsync(entity, state.ETag, TableUpdateMode.Merge, cancellationToken);
                    }
                    catch (RequestFailedException ex) when (ex.Status is 412 or 404)
                    {
                        return false;
                    }
                }

                // The state points at the new row before the row exists; a crash here leaves the old row, which is
                // stale and is moved to the state's time when the timer meets it next.
                var schedule = await tables.GetAsync(TableNames.RefreshSchedule, cancellationToken);
                await DueIndex.MoveAsync(schedule, entry.RowKey, DueIndex.Row(nextRefreshAt, state.Id, state.Slug, state.TrackingNumber), cancellationToken);
                return true;
            },
            cancellationToken);
    }

    public Task<bool> LeaveAsync(DueEntry entry, StoredTracking state, bool gone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(state);
        return StorageUnavailableException.GuardAsync(
            async () =>
            {
                var trackings = await tables.GetAsync(TableNames.Trackings, cancellationToken);

                // A merge cannot remove a property, so the whole entity is read and replaced; this happens once per
                // tracking, when it leaves the schedule.
                var read = await trackings.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(state.Id), StateColumns.RowKey, cancellationToken: cancellationToken);
                if (read.HasValue)
                {
                    var entity = read.Value!;
                    if (entity.ETag != state.ETag)
                    {
                        return false;
                    }

                    entity.Remove(StateColumns.NextRefreshAt);
                    entity.Remove(StateColumns.RefreshIntervalSeconds);
                    entity[StateColumns.Gone] = gone || state.Gone;
                    try
                    {
                        await trackings.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                    }
                    catch (RequestFailedException ex) when (ex.Status is 412 or 404)
                    {
                        return false;
                    }
                }

                var schedule = await tables.GetAsync(TableNames.RefreshSchedule, cancellationToken);
                await DueIndex.DeleteAsync(schedule, entry.RowKey, cancellationToken);
                return true;
            },
            cancellationToken);
    }
}
