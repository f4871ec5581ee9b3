using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using TrackingFunctions.Changes;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Subscriptions;

/// <summary>
/// The per-day webhook log (<see cref="SubscriptionTables.LogPrefix"/>): the events kept for delivery and replay,
/// and each subscription's delivery rows (<c>d_</c> + event) and attempt rows (<see cref="AttemptRows"/>), read back by
/// <see cref="DeliveryLogReader"/>.
/// </summary>
public sealed class WebhookLog(TrackingTables tables, TableServiceClient service, IOptions<SubscriptionOptions> options, TimeProvider time)
{
    private const string EventPartitionPrefix = "e_";
    private const string SubscriptionPartitionPrefix = "s_";
    private const string DeliveryRowPrefix = "d_";

    private readonly Lock _pruneGate = new();
    private string? _prunedThrough;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The start of the oldest retained day.</summary>
    public DateTimeOffset OldestKept => new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddDays(-options.Value.EventRetentionDays);

    public static string DayOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string PartitionOf(string subscriptionId) => SubscriptionPartitionPrefix + TableKey.Encode(subscriptionId);

    /// <summary>Keeps the event for delivery and replay; a repeat of the same event leaves the first copy.</summary>
    public async Task StoreEventAsync(OutboxEvent change, CancellationToken cancellationToken)
    {
        var table = await DayAsync(DayOf(change.CommittedAt), cancellationToken);
        var entity = new TableEntity(EventPartitionPrefix + change.PartitionKey, TableKey.Encode(change.EventId))
        {
            ["EventId"] = change.EventId,
            ["EventType"] = change.EventType,
            ["CommittedAt"] = change.CommittedAt,
        };
        PayloadColumns.Write(entity, change.CloudEvent);
        await IgnoreConflictAsync(() => table.AddEntityAsync(entity, cancellationToken), cancellationToken);
    }

    public async Task<byte[]?> ReadEventAsync(string day, string eventPartition, string eventId, CancellationToken cancellationToken)
    {
        var table = await DayAsync(day, cancellationToken);
        var found = await Guard(() => table.GetEntityIfExistsAsync<TableEntity>(EventPartitionPrefix + eventPartition, TableKey.Encode(eventId), cancellationToken: cancellationToken), cancellationToken);
        return found.HasValue ? PayloadColumns.Read(found.Value!) : null;
    }

    /// <summary>Adds the delivery row in round 0; false when it was there already (the event was handed over before).</summary>
    public async Task<bool> AddDeliveryAsync(string subscriptionId, OutboxEvent change, CancellationToken cancellationToken)
    {
        var table = await DayAsync(DayOf(change.CommittedAt), cancellationToken);
        var entity = new TableEntity(PartitionOf(subscriptionId), DeliveryRowPrefix + TableKey.Encode(change.EventId))
        {
            ["EventId"] = change.EventId,
            ["EventType"] = change.EventType,
            ["EventPartition"] = change.PartitionKey,
            ["Round"] = 0,
            ["Attempt"] = 0,
            ["State"] = DeliveryState.Pending,
        };
        return await IgnoreConflictAsync(() => table.AddEntityAsync(entity, cancellationToken), cancellationToken);
    }

    public async Task<DeliveryRecord?> FindDeliveryAsync(string subscriptionId, string day, string eventId, CancellationToken cancellationToken)
    {
        var table = await DayAsync(day, cancellationToken);
        var found = await Guard(() => table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(subscriptionId), DeliveryRowPrefix + TableKey.Encode(eventId), cancellationToken: cancellationToken), cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }

        var e = found.Value!;
        return new DeliveryRecord(
            subscriptionId,
            e.GetString("EventId") ?? eventId,
            e.GetString("EventType") ?? string.Empty,
            e.GetString("EventPartition") ?? string.Empty,
            day,
            e.GetInt32("Round") ?? 0,
            e.GetInt32("Attempt") ?? 0,
            e.GetString("State") ?? DeliveryState.Pending,
            e.GetDateTimeOffset("AttemptStartedAt"),
            e.ETag);
    }

    /// <summary>
    /// Moves the row to <paramref name="state"/> for <paramref name="attempt"/> if nobody changed it since it was
    /// read; the new ETag, or null when another instance got there first.
    /// </summary>
    public async Task<ETag?> TryUpdateAsync(DeliveryRecord record, int round, int attempt, string state, CancellationToken cancellationToken)
    {
        var table = await DayAsync(record.Day, cancellationToken);
        var entity = new TableEntity(PartitionOf(record.SubscriptionId), DeliveryRowPrefix + TableKey.Encode(record.EventId))
        {
            ["Round"] = round,
            ["Attempt"] = attempt,
            ["State"] = state,
            ["AttemptStartedAt"] = state == DeliveryState.InFlight ? time.GetUtcNow() : null,
        };
        try
        {
            var response = await Guard(() => table.UpdateEntityAsync(entity, record.ETag, TableUpdateMode.Merge, cancellationToken), cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Records an attempt's result: the delivery row's new state and the attempt's log row, in one transaction.</summary>
    public async Task RecordAsync(DeliveryRecord record, ETag claimed, string state, DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        var table = await DayAsync(record.Day, cancellationToken);
        var partition = PartitionOf(record.SubscriptionId);
        var delivery = new TableEntity(partition, DeliveryRowPrefix + TableKey.Encode(record.EventId))
        {
            ["State"] = state,
            ["LastAttemptAt"] = attempt.AttemptedAt,
            ["LastStatusCode"] = attempt.StatusCode,
            ["LastError"] = attempt.Error,
        };
        var log = AttemptRows.Entity(partition, record.Round, attempt);
        try
        {
            await Guard(() => table.SubmitTransactionAsync([new(TableTransactionActionType.UpdateMerge, delivery, claimed), new(TableTransactionActionType.Add, log)], cancellationToken), cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404 or 409)
        {
            // Another instance took the attempt over after this one looked stuck; its record stands.
        }
    }

    /// <summary>The events committed in [<paramref name="since"/>, <paramref name="until"/>], oldest day first.</summary>
    public async IAsyncEnumerable<StoredEvent> EventsAsync(DateTimeOffset since, DateTimeOffset until, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var day in RetainedDays().Where(d => string.CompareOrdinal(d, DayOf(since)) >= 0 && string.CompareOrdinal(d, DayOf(until)) <= 0))
        {
            var table = await DayAsync(day, cancellationToken);
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {EventPartitionPrefix} and PartitionKey lt {"e`"} and CommittedAt ge {since} and CommittedAt le {until}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                yield return new StoredEvent(day, row.PartitionKey[EventPartitionPrefix.Length..], row.GetString("EventId")!, row.GetString("EventType") ?? string.Empty, row.GetDateTimeOffset("CommittedAt") ?? DateTimeOffset.MinValue);
            }
        }
    }

    /// <summary>Starts a new round for one event (replay): attempt 0, pending; returns the round.</summary>
    public async Task<int> StartRoundAsync(string subscriptionId, StoredEvent stored, CancellationToken cancellationToken)
    {
        while (true)
        {
            var existing = await FindDeliveryAsync(subscriptionId, stored.Day, stored.EventId, cancellationToken);
            if (existing is null)
            {
                var table = await DayAsync(stored.Day, cancellationToken);
                var entity = new TableEntity(PartitionOf(subscriptionId), DeliveryRowPrefix + TableKey.Encode(stored.EventId))
                {
                    ["EventId"] = stored.EventId,
                    ["EventType"] = stored.EventType,
                    ["EventPartition"] = stored.EventPartition,
                    ["Round"] = 1,
                    ["Attempt"] = 0,
                    ["State"] = DeliveryState.Pending,
                };
                if (await IgnoreConflictAsync(() => table.AddEntityAsync(entity, cancellationToken), cancellationToken))
                {
                    return 1;
                }

                continue;
            }

            if (await TryUpdateAsync(existing, existing.Round + 1, 0, DeliveryState.Pending, cancellationToken) is not null)
            {
                return existing.Round + 1;
            }
        }
    }

    /// <summary>The retained days, oldest first.</summary>
    internal IEnumerable<string> RetainedDays()
    {
        var today = time.GetUtcNow();
        for (var back = options.Value.EventRetentionDays; back >= 0; back--)
        {
            yield return DayOf(today.AddDays(-back));
        }
    }

    internal async Task<TableClient> DayAsync(string day, CancellationToken cancellationToken)
    {
        var table = await Guard(() => tables.GetAsync(SubscriptionTables.LogPrefix + day, cancellationToken), cancellationToken);
        PruneOnce();
        return table;
    }

    /// <summary>Once per process per day, drops the tables of the few days just past the retention (best effort).</summary>
    private void PruneOnce()
    {
        var today = DayOf(time.GetUtcNow());
        lock (_pruneGate)
        {
            if (_prunedThrough == today)
            {
                return;
            }

            _prunedThrough = today;
        }

        var oldest = time.GetUtcNow().AddDays(-options.Value.EventRetentionDays - 1);
        _ = Task.Run(async () =>
        {
            for (var back = 0; back < 3; back++)
            {
                try
                {
                    await service.DeleteTableAsync(tables.NameOf(SubscriptionTables.LogPrefix + DayOf(oldest.AddDays(-back))), CancellationToken.None);
                }
                catch (RequestFailedException)
                {
                    // The next day's first use tries the older days again.
                }
            }
        });
    }

    private static Task<T> Guard<T>(Func<Task<T>> call, CancellationToken cancellationToken) => StorageUnavailableException.GuardAsync(call, cancellationToken);

    private static async Task<bool> IgnoreConflictAsync(Func<Task<Response>> add, CancellationToken cancellationToken)
    {
        try
        {
            await Guard(add, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }
}
