using Azure.Data.Tables;

namespace TrackingFunctions.Storage;

/// <summary>
/// Reads the number-first index (<see cref="NumberIndex"/>): one point read of the number's row, which lists every
/// courier it is stored under, whatever the number of stored trackings.
/// </summary>
internal sealed class TrackingNumberSearch(TrackingTables tables) : ITrackingNumberSearch
{
    private static readonly string[] Columns = [NumberIndex.SlugsColumn];

    public Task<IReadOnlyList<string>> FindSlugsAsync(string trackingNumber, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trackingNumber);
        return StorageUnavailableException.GuardAsync<IReadOnlyList<string>>(
            async () =>
            {
                var numbers = await tables.GetAsync(TableNames.TrackingNumbers, cancellationToken);
                var numberKey = TrackingStore.LookupKeys("x", trackingNumber).RowKey;
                var row = await numbers.GetEntityIfExistsAsync<TableEntity>(NumberIndex.Partition(numberKey), numberKey, Columns, cancellationToken);
                return row.HasValue ? [.. NumberIndex.Slugs(row.Value!).Take(limit)] : [];
            },
            cancellationToken);
    }
}
