using Azure.Data.Tables;

namespace TrackingFunctions.Storage;

/// <summary>
/// Reads the number-first index (<see cref="NumberIndex"/>, one row per courier under the upper-case number): one
/// request for one key range of one partition, whatever the number of stored trackings.
/// </summary>
internal sealed class TrackingNumberSearch(TrackingTables tables) : ITrackingNumberSearch
{
    private static readonly string[] Columns = [StateColumns.Slug];

    public Task<IReadOnlyList<string>> FindSlugsAsync(string trackingNumber, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trackingNumber);
        return StorageUnavailableException.GuardAsync<IReadOnlyList<string>>(
            async () =>
            {
                var numbers = await tables.GetAsync(TableNames.TrackingNumbers, cancellationToken);
                var numberKey = TrackingStore.LookupKeys("x", trackingNumber).RowKey;
                var (from, before) = NumberIndex.Range(numberKey);
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {NumberIndex.Partition(numberKey)} and RowKey ge {from} and RowKey lt {before}");
                var slugs = new SortedSet<string>(StringComparer.Ordinal);

                // Only the first page: a number shared by more couriers than the limit is not a real collision.
                await foreach (var page in numbers.QueryAsync<TableEntity>(filter, maxPerPage: limit, select: Columns, cancellationToken: cancellationToken).AsPages())
                {
                    foreach (var row in page.Values)
                    {
                        if (row.GetString(StateColumns.Slug) is { Length: > 0 } slug)
                        {
                            slugs.Add(slug.Trim().ToLowerInvariant());
                        }
                    }

                    break;
                }

                return [.. slugs.Take(limit)];
            },
            cancellationToken);
    }
}
