using System.Security.Cryptography;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Storage;

/// <summary>
/// Reads the order's row of the order index (one point read) and keeps the parcels whose email or postcode hash
/// equals the shopper's, compared in constant time over every slot of every parcel, so the time taken depends on the
/// number of parcels, not on which value matched or how much of it.
/// </summary>
internal sealed class OrderLookup(TrackingTables tables, OrderHasher hasher, IOptions<OrderLookupOptions> options) : IOrderLookup
{
    private static readonly byte[] NoValue = new byte[32];
    private static readonly string[] Columns = [OrderParcels.Column];

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
                var row = await index.GetEntityIfExistsAsync<TableEntity>(OrderIndex.Partition(orderKey), orderKey, Columns, cancellationToken);
                return [.. OrderParcels.Read(row.HasValue ? row.Value : null)
                    .Where(p => Matches(p, email, postcode))
                    .Select(p => new OrderParcel(p.Slug, p.TrackingNumber))
                    .OrderBy(p => p.Slug, StringComparer.Ordinal)
                    .ThenBy(p => p.TrackingNumber, StringComparer.Ordinal)
                    .Take(options.Value.MaxParcels)];
            },
            cancellationToken);
    }

    private static bool Matches(IndexedParcel parcel, byte[] email, byte[] postcode)
    {
        // Non-short-circuit | so every slot is compared, matched or not.
        var match = CryptographicOperations.FixedTimeEquals(postcode, parcel.Postcode ?? NoValue);
        for (var i = 0; i < OrderFields.MaxEmails; i++)
        {
            match |= CryptographicOperations.FixedTimeEquals(email, i < parcel.Emails.Length ? parcel.Emails[i] : NoValue);
        }

        return match;
    }
}
