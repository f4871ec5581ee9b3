using Azure;
using Azure.Data.Tables;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Subscriptions;

/// <summary>The Subscriptions table: one row per subscription, all in one partition.</summary>
public sealed class SubscriptionStore(TrackingTables tables)
{
    private const string Partition = "subscription";

    public async Task AddAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        await Guard(() => table.AddEntityAsync(ToEntity(subscription), cancellationToken), cancellationToken);
    }

    public async Task<Subscription?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var found = await Guard(() => table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Encode(id), cancellationToken: cancellationToken), cancellationToken);
        return found.HasValue ? FromEntity(found.Value!) : null;
    }

    public async Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        return await StorageUnavailableException.GuardAsync(
            async () =>
            {
                var list = new List<Subscription>();
                await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
                {
                    list.Add(FromEntity(row));
                }

                return list.OrderBy(s => s.CreatedAt).ToList();
            },
            cancellationToken);
    }

    /// <summary>Replaces the row; false when it no longer exists.</summary>
    public async Task<bool> ReplaceAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        try
        {
            await Guard(() => table.UpdateEntityAsync(ToEntity(subscription), ETag.All, TableUpdateMode.Replace, cancellationToken), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    /// <summary>Deletes the row; false when there was none (the SDK itself answers a missing row's delete as done).</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var found = await Guard(() => table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Encode(id), select: ["RowKey"], cancellationToken: cancellationToken), cancellationToken);
        if (!found.HasValue)
        {
            return false;
        }

        await Guard(() => table.DeleteEntityAsync(Partition, TableKey.Encode(id), ETag.All, cancellationToken), cancellationToken);
        return true;
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken)
        => StorageUnavailableException.GuardAsync(() => tables.GetAsync(SubscriptionTables.Subscriptions, cancellationToken), cancellationToken);

    private static Task<T> Guard<T>(Func<Task<T>> call, CancellationToken cancellationToken) => StorageUnavailableException.GuardAsync(call, cancellationToken);

    private static TableEntity ToEntity(Subscription s) => new(Partition, TableKey.Encode(s.Id))
    {
        ["Id"] = s.Id,
        ["Url"] = s.Url.AbsoluteUri,
        ["EventTypes"] = string.Join(' ', s.EventTypes),
        ["Description"] = s.Description,
        ["Secret"] = s.Secret,
        ["PreviousSecret"] = s.PreviousSecret,
        ["PreviousSecretExpiresAt"] = s.PreviousSecretExpiresAt,
        ["Enabled"] = s.Enabled,
        ["DisabledReason"] = s.DisabledReason,
        ["DisabledAt"] = s.DisabledAt,
        ["FailingSince"] = s.FailingSince,
        ["CreatedAt"] = s.CreatedAt,
    };

    private static Subscription FromEntity(TableEntity e) => new(
        e.GetString("Id") ?? e.RowKey,
        new Uri(e.GetString("Url")!),
        (e.GetString("EventTypes") ?? EventTypeFilter.All).Split(' ', StringSplitOptions.RemoveEmptyEntries),
        e.GetString("Description"),
        e.GetString("Secret")!,
        e.GetString("PreviousSecret"),
        e.GetDateTimeOffset("PreviousSecretExpiresAt"),
        e.GetBoolean("Enabled") ?? true,
        e.GetString("DisabledReason"),
        e.GetDateTimeOffset("DisabledAt"),
        e.GetDateTimeOffset("FailingSince"),
        e.GetDateTimeOffset("CreatedAt") ?? e.Timestamp ?? DateTimeOffset.MinValue);
}
