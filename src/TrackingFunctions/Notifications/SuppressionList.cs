using Azure.Data.Tables;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Notifications;

/// <summary>Addresses that unsubscribed, by keyed hash only (<see cref="AddressHasher"/>): one row each.</summary>
public sealed class SuppressionList(TrackingTables tables, TimeProvider time)
{
    public const string TableName = "Suppressions";

    private const string Partition = "email";

    public async Task AddAsync(string addressHash, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(Partition, addressHash) { ["UnsubscribedAt"] = time.GetUtcNow() }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<bool> ContainsAsync(string addressHash, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, addressHash, ["RowKey"], cancellationToken);
        return found.HasValue;
    }
}
