using Azure.Data.Tables;
using TrackingFunctions.AfterShip;
using TrackingFunctions.Refresh;

namespace TrackingFunctions.Storage;

/// <summary>The rows a tracking write puts in the tracking's partition: the state, and a webhook event with its marker.</summary>
internal static class TrackingEntities
{
    public static TableEntity State(TrackingWrite write, SchedulePlan plan, StoredTracking? stored, DateTimeOffset now, string? orderKey)
    {
        var tracking = write.Tracking;
        var entity = new TableEntity(write.PartitionKey, StateColumns.RowKey)
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
            [StateColumns.Source] = write.Source,
            [StateColumns.SourceAt] = now,
            [StateColumns.LastEventId] = write.WebhookEvent?.EventId,
            [StateColumns.LookupKey] = write.LookupKey,
            [StateColumns.CreatedAtUtc] = AfterShipDate.Parse(tracking.CreatedAt) ?? stored?.CreatedAt,
            [StateColumns.NextRefreshAt] = plan.NextRefreshAt,
            [StateColumns.RefreshIntervalSeconds] = plan.Interval?.TotalSeconds,
            [StateColumns.ScheduledRefreshAt] = plan.ScheduledRefreshAt,
            [StateColumns.LastRefreshAt] = write.IsRefresh ? now : stored?.LastRefreshAt,
            [StateColumns.Gone] = false,
            [StateColumns.IndexVersion] = TrackingIndexes.Current,
            [StateColumns.OrderKey] = orderKey,
        };
        PayloadColumns.Write(entity, write.Payload.Span);
        return entity;
    }

    public static TableEntity EventMarker(string partitionKey, WebhookEventRecord record) => new(partitionKey, EventColumns.MarkerRowKey(record.EventId))
    {
        [EventColumns.EventId] = record.EventId,
        [EventColumns.EventRowKey] = EventColumns.EventRowKeyFor(record),
    };

    public static TableEntity Event(string partitionKey, WebhookEventRecord record, bool applied)
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
}
