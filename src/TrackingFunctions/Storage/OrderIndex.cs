using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.Storage;

/// <summary>
/// The order index (table <see cref="TableNames.OrderIndex"/>): one row per order, keyed by a keyed hash of the
/// order number, listing its parcels (<see cref="OrderParcels"/>) with keyed hashes of the customers' emails and the
/// postcode, and the slug and number the shopper is sent to. No order number, email or postcode is stored in clear.
/// </summary>
/// <remarks>
/// Partition = the first two hex digits of the order hash (256 buckets), row key = the hash: a lookup is one point
/// read, and rows of many orders share a partition, so they can be written in entity-group transactions. A parcel is
/// added or removed by a read and an ETag-conditional write, read again on a conflict.
/// </remarks>
internal sealed class OrderIndex(TrackingTables tables, OrderHasher hasher)
{
    private const int MaxAttempts = 10;

    public static string Partition(string orderKey) => orderKey[..2];

    /// <summary>The entry the tracking should have, or null when order lookup is off or the tracking names no order.</summary>
    public OrderIndexRow? Plan(Tracking tracking, ReadOnlySpan<byte> payload)
    {
        if (!hasher.Enabled || string.IsNullOrWhiteSpace(tracking.Slug) || string.IsNullOrWhiteSpace(tracking.TrackingNumber)
            || OrderFields.Read(payload) is not { } fields)
        {
            return null;
        }

        var order = OrderHasher.NormaliseOrder(fields.OrderNumber);
        if (order.Length == 0)
        {
            return null;
        }

        var emails = fields.Emails.Select(e => hasher.Email(order, e)).ToArray();
        var postcode = fields.Postcode is { } p && OrderHasher.NormalisePostcode(p).Length > 0 ? hasher.Postcode(order, p) : null;
        var parcel = new IndexedParcel(tracking.Id!, tracking.Slug.Trim().ToLowerInvariant(), tracking.TrackingNumber.Trim(), emails, postcode);

        // The state remembers which order (and which hashes) it was indexed with, so an unchanged order writes nothing.
        using var fingerprint = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        fingerprint.AppendData(Encoding.UTF8.GetBytes(parcel.Id + "|" + parcel.Slug + "|" + parcel.TrackingNumber));
        foreach (var hash in emails.Append(postcode ?? []))
        {
            fingerprint.AppendData(hash);
        }

        var orderKey = hasher.OrderKey(order);
        return new OrderIndexRow(orderKey + "|" + Convert.ToHexStringLower(fingerprint.GetHashAndReset())[..16], orderKey, parcel);
    }

    public Task UpsertAsync(OrderIndexRow row, CancellationToken cancellationToken)
        => ChangeAsync(row.OrderKey, parcels =>
        {
            var index = parcels.FindIndex(p => p.Id == row.Parcel.Id);
            if (index >= 0)
            {
                parcels[index] = row.Parcel;
            }
            else if (parcels.Count < OrderParcels.MaxPerOrder)
            {
                parcels.Add(row.Parcel);
            }
        }, cancellationToken);

    /// <summary>Removes the tracking from the order an earlier state was indexed under, when the order changed since.</summary>
    public Task DeleteOldAsync(string? oldKey, OrderIndexRow? current, string trackingId, CancellationToken cancellationToken)
    {
        var oldOrder = oldKey?.Split('|')[0];
        return oldOrder is not { Length: > 2 } || oldOrder == current?.OrderKey
            ? Task.CompletedTask
            : ChangeAsync(oldOrder, parcels => parcels.RemoveAll(p => p.Id == trackingId), cancellationToken);
    }

    /// <summary>Read, change, write back on the ETag read (deleting the row once it lists no parcel); again on a conflict.</summary>
    private async Task ChangeAsync(string orderKey, Action<List<IndexedParcel>> change, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.OrderIndex, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var read = await table.GetEntityIfExistsAsync<TableEntity>(Partition(orderKey), orderKey, cancellationToken: cancellationToken);
            var parcels = OrderParcels.Read(read.HasValue ? read.Value : null);
            var before = OrderParcels.Row(Partition(orderKey), orderKey, parcels).GetString(OrderParcels.Column);
            change(parcels);
            var row = OrderParcels.Row(Partition(orderKey), orderKey, parcels);
            if (row.GetString(OrderParcels.Column) == before && read.HasValue)
            {
                return;
            }

            try
            {
                if (!read.HasValue)
                {
                    if (parcels.Count > 0)
                    {
                        await table.AddEntityAsync(row, cancellationToken);
                    }
                }
                else if (parcels.Count == 0)
                {
                    await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, read.Value!.ETag, cancellationToken);
                }
                else
                {
                    await table.UpdateEntityAsync(row, read.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404 && attempt < MaxAttempts)
            {
                // Another parcel of the same order was written at the same time: read its list and change that.
            }
        }
    }
}

/// <summary>A tracking's order index entry and the key its state records (the order hash plus a fingerprint of the entry).</summary>
internal sealed record OrderIndexRow(string Key, string OrderKey, IndexedParcel Parcel);
