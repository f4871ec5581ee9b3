using System.Net;
using Azure;
using Azure.Data.Tables;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Notifications;

/// <summary>The Notifications table: each tracking's milestone records in the tracking's own partition.</summary>
public sealed class NotificationStore(TrackingTables tables)
{
    public const string TableName = "Notifications";

    /// <summary>Inserts the record unless one exists for its tracking and milestone; returns whether it was new.</summary>
    public async Task<bool> TryAddAsync(NotificationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var table = await tables.GetAsync(TableName, cancellationToken);
        try
        {
            await table.AddEntityAsync(record.ToEntity(TableKey.Encode(record.TrackingId)), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task<NotificationRecord?> FindAsync(string trackingId, string milestone, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(trackingId), milestone, cancellationToken: cancellationToken);
        return found.HasValue ? NotificationRecord.FromEntity(found.Value!) : null;
    }

    /// <summary>Every milestone record of a tracking (a handful at most), in milestone-name order.</summary>
    public async Task<IReadOnlyList<NotificationRecord>> ListAsync(string trackingId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var records = new List<NotificationRecord>();
        var partition = TableKey.Encode(trackingId);
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            records.Add(NotificationRecord.FromEntity(entity));
        }

        return records;
    }

    /// <summary>Replaces the record if nobody changed it since it was read; returns the stored one, or null on a lost race.</summary>
    public async Task<NotificationRecord?> TryReplaceAsync(NotificationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var table = await tables.GetAsync(TableName, cancellationToken);
        try
        {
            var response = await table.UpdateEntityAsync(record.ToEntity(TableKey.Encode(record.TrackingId)), record.ETag, TableUpdateMode.Replace, cancellationToken);
            return record with { ETag = response.Headers.ETag ?? ETag.All };
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
