using System.Security.Cryptography;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Storage;

/// <summary>
/// Reads one order's key range of the order index (one request) and keeps the rows whose email or postcode hash
/// equals the shopper's, compared in constant time over every slot of every row, so the time taken depends on the
/// number of parcels, not on which value matched or how much of it.
/// </summary>
internal sealed class OrderLookup(TrackingTables tables, OrderHasher hasher, IOptions<OrderLookupOptions> options) : IOrderLookup
{
    private static readonly byte[] NoValue = new byte[32];
    private static readonly string[] Columns =
    [
        StateColumns.Slug, StateColumns.TrackingNumber, OrderIndex.PostcodeColumn,
        .. Enumerable.Range(0, OrderFields.MaxEmails).Select(i => OrderIndex.EmailColumn + i),
    ];

    public bool Enabled => hasher.Enabled;

    public Task<IReadOnlyList<OrderParcel>> FindAsync(string orderNumber, string emailOrPostcode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        ArgumentNullException.ThrowIfNull(emailOrPostcode);
        var order = OrderHasher.NormaliseOrder(orderNumber);
        if (!hasher.Enabled || order.Length == 0)
        {
            return Task.FromResult<IReadOnlyList<OrderParcel>>([]);
        }

        var email = hasher.Email(order, emailOrPostcode);
        var postcode = hasher.Postcode(order, emailOrPostcode);
        return StorageUnavailableException.GuardAsync<IReadOnlyList<OrderParcel>>(
            async () =>
            {
                var index = await tables.GetAsync(TableNames.OrderIndex, cancellationToken);
                var orderKey = hasher.OrderKey(order);
                var (from, before) = OrderIndex.Range(orderKey);
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {OrderIndex.Partition(orderKey)} and RowKey ge {from} and RowKey lt {before}");
                var parcels = new List<OrderParcel>();
                await foreach (var page in index.QueryAsync<TableEntity>(filter, maxPerPage: options.Value.MaxParcels, select: Columns, cancellationToken: cancellationToken).AsPages())
                {
                    foreach (var row in page.Values)
                    {
                        if (Matches(row, email, postcode) && row.GetString(StateColumns.Slug) is { Length: > 0 } slug && row.GetString(StateColumns.TrackingNumber) is { Length: > 0 } number)
                        {
                            parcels.Add(new OrderParcel(slug, number));
                        }
                    }

                    // One page is one request; an order with more parcels than the cap lists the first ones.
                    break;
                }

                return [.. parcels.OrderBy(p => p.Slug, StringComparer.Ordinal).ThenBy(p => p.TrackingNumber, StringComparer.Ordinal)];
            },
            cancellationToken);
    }

    private static bool Matches(TableEntity row, byte[] email, byte[] postcode)
    {
        // Non-short-circuit | so every slot is compared, matched or not.
        var match = CryptographicOperations.FixedTimeEquals(postcode, row.GetBinary(OrderIndex.PostcodeColumn) ?? NoValue);
        for (var i = 0; i < OrderFields.MaxEmails; i++)
        {
            match |= CryptographicOperations.FixedTimeEquals(email, row.GetBinary(OrderIndex.EmailColumn + i) ?? NoValue);
        }

        return match;
    }
}
