using Azure;
using Azure.Data.Tables;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Couriers;

/// <summary>
/// The Couriers table: one row per courier (partition <c>courier</c>, row key = slug) and one row recording the last
/// refresh (partition <c>directory</c>). A refresh writes every courier with a new generation, then the refresh row,
/// then deletes the couriers AfterShip no longer lists; a refresh cut short leaves a union of two lists, never a hole.
/// </summary>
public sealed class CourierDirectoryStore(TrackingTables tables)
{
    private const string CourierPartition = "courier";
    private const string DirectoryPartition = "directory";
    private const string RefreshRow = "refresh";
    private const int BatchSize = 100;

    internal Task<CourierSnapshot> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => StorageUnavailableException.GuardAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableNames.Couriers, cancellationToken);
                var refresh = await table.GetEntityIfExistsAsync<TableEntity>(DirectoryPartition, RefreshRow, cancellationToken: cancellationToken);
                var couriers = new List<CourierEntry>();
                await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {CourierPartition}"), cancellationToken: cancellationToken))
                {
                    couriers.Add(FromEntity(row));
                }

                return new CourierSnapshot(couriers, refresh.HasValue ? refresh.Value!.GetDateTimeOffset("RefreshedAt") : null, now);
            },
            cancellationToken);

    internal Task WriteAsync(IReadOnlyCollection<CourierEntry> couriers, DateTimeOffset refreshedAt, CancellationToken cancellationToken)
        => StorageUnavailableException.GuardAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableNames.Couriers, cancellationToken);
                var generation = refreshedAt.UtcTicks;
                foreach (var chunk in couriers.Chunk(BatchSize))
                {
                    await table.SubmitTransactionAsync(chunk.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(c, generation))), cancellationToken);
                }

                await table.UpsertEntityAsync(
                    new TableEntity(DirectoryPartition, RefreshRow)
                    {
                        ["RefreshedAt"] = refreshedAt,
                        ["Generation"] = generation,
                        ["Couriers"] = couriers.Count,
                        ["Activated"] = couriers.Count(c => c.Activated),
                    },
                    TableUpdateMode.Replace,
                    cancellationToken);

                var stale = new List<TableEntity>();
                await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {CourierPartition} and Generation ne {generation}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
                {
                    stale.Add(row);
                }

                foreach (var chunk in stale.Chunk(BatchSize))
                {
                    try
                    {
                        await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken);
                    }
                    catch (TableTransactionFailedException ex) when (ex.Status == 404)
                    {
                        // Another instance's refresh removed them first.
                    }
                }

                return true;
            },
            cancellationToken);

    private static TableEntity ToEntity(CourierEntry courier, long generation) => new(CourierPartition, TableKey.Encode(courier.Slug))
    {
        ["Slug"] = courier.Slug,
        ["Name"] = courier.Name,
        ["Website"] = courier.Website?.AbsoluteUri,
        ["RequiredFields"] = string.Join(',', courier.RequiredFields),
        ["Activated"] = courier.Activated,
        ["Generation"] = generation,
    };

    private static CourierEntry FromEntity(TableEntity e)
    {
        var slug = e.GetString("Slug") ?? e.RowKey;
        return new CourierEntry(
            slug,
            e.GetString("Name") is { Length: > 0 } name ? name : slug,
            Uri.TryCreate(e.GetString("Website"), UriKind.Absolute, out var website) ? website : null,
            (e.GetString("RequiredFields") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            e.GetBoolean("Activated") ?? false);
    }
}
