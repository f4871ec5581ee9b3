using Azure.Data.Tables;

namespace TrackingFunctions.Storage;

/// <summary>
/// Reads the <c>TrackingLookup</c> table by row key (the upper-case tracking number) across its slug partitions.
/// </summary>
/// <remarks>
/// A row-key filter without a partition key is a table scan on the service side. It is one request (two at most:
/// Azure may answer a scan with an empty page and a continuation) and it reads only the small lookup rows, which is
/// fine for a shop's volume; a number-first index written with the lookup would make it a point read.
/// </remarks>
internal sealed class TrackingNumberSearch(TrackingTables tables) : ITrackingNumberSearch
{
    private const int MaxRequests = 2;
    private static readonly string[] Columns = [StateColumns.Slug];

    public Task<IReadOnlyList<string>> FindSlugsAsync(string trackingNumber, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trackingNumber);
        return StorageUnavailableException.GuardAsync<IReadOnlyList<string>>(
            async () =>
            {
                var lookup = await tables.GetAsync(TableNames.TrackingLookup, cancellationToken);
                var rowKey = TrackingStore.LookupKeys("x", trackingNumber).RowKey;
                var filter = TableClient.CreateQueryFilter($"RowKey eq {rowKey}");
                var slugs = new SortedSet<string>(StringComparer.Ordinal);
                var requests = 0;
                await foreach (var page in lookup.QueryAsync<TableEntity>(filter, maxPerPage: limit, select: Columns, cancellationToken: cancellationToken).AsPages())
                {
                    foreach (var row in page.Values)
                    {
                        if (row.GetString(StateColumns.Slug) is { Length: > 0 } slug)
                        {
                            slugs.Add(slug.Trim().ToLowerInvariant());
                        }
                    }

                    if (++requests >= MaxRequests || slugs.Count >= limit)
                    {
                        break;
                    }
                }

                return [.. slugs.Take(limit)];
            },
            cancellationToken);
    }
}
