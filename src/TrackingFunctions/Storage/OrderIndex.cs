using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.Storage;

/// <summary>
/// The order index (table <see cref="TableNames.OrderIndex"/>): one row per tracking, keyed by a keyed hash of its
/// order number, holding keyed hashes of the customers' emails and the postcode, and the slug and number the shopper
/// is sent to. No order number, email or postcode is stored in clear.
/// </summary>
/// <remarks>
/// Partition = the first two hex digits of the order hash (256 buckets), row key = the hash, <c>_</c>, the tracking
/// id: an order's rows are one key range of one partition (one request to read), and rows of many orders share a
/// partition, so they can be written in entity-group transactions.
/// </remarks>
internal sealed class OrderIndex(TrackingTables tables, OrderHasher hasher)
{
    public static string Partition(string orderKey) => orderKey[..2];

    public static string RowKey(string orderKey, string trackingId) => orderKey + "_" + TableKey.Encode(trackingId);

    /// <summary>The row keys of one order: <c>hash_</c> up to, not including, <c>hash`</c> (the character after <c>_</c>).</summary>
    public static (string From, string Before) Range(string orderKey) => (orderKey + "_", orderKey + "`");

    public const string EmailColumn = "Email";
    public const string PostcodeColumn = "Postcode";

    /// <summary>The row the tracking should have, or null when order lookup is off or the tracking names no order.</summary>
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

        var orderKey = hasher.OrderKey(order);
        var entity = new TableEntity(Partition(orderKey), RowKey(orderKey, tracking.Id!))
        {
            [StateColumns.Id] = tracking.Id,
            [StateColumns.Slug] = tracking.Slug.Trim().ToLowerInvariant(),
            [StateColumns.TrackingNumber] = tracking.TrackingNumber.Trim(),
        };
        using var fingerprint = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        fingerprint.AppendData(Encoding.UTF8.GetBytes(entity.RowKey + "|" + entity[StateColumns.Slug] + "|" + entity[StateColumns.TrackingNumber]));
        for (var i = 0; i < fields.Emails.Count; i++)
        {
            var hash = hasher.Email(order, fields.Emails[i]);
            entity[EmailColumn + i] = hash;
            fingerprint.AppendData(hash);
        }

        if (fields.Postcode is { } postcode && OrderHasher.NormalisePostcode(postcode).Length > 0)
        {
            var hash = hasher.Postcode(order, postcode);
            entity[PostcodeColumn] = hash;
            fingerprint.AppendData(hash);
        }

        // The state remembers which row (and which hashes) it was indexed with, so an unchanged order writes nothing.
        return new OrderIndexRow(orderKey + "|" + Convert.ToHexStringLower(fingerprint.GetHashAndReset())[..16], entity);
    }

    public async Task UpsertAsync(OrderIndexRow row, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableNames.OrderIndex, cancellationToken);
        await table.UpsertEntityAsync(row.Entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Removes the row an earlier state was indexed under, when the order number changed since.</summary>
    public async Task DeleteOldAsync(string? oldKey, OrderIndexRow? current, string trackingId, CancellationToken cancellationToken)
    {
        var oldOrder = oldKey?.Split('|')[0];
        if (oldOrder is not { Length: > 2 } || oldOrder == current?.Key.Split('|')[0])
        {
            return;
        }

        var table = await tables.GetAsync(TableNames.OrderIndex, cancellationToken);
        try
        {
            await table.DeleteEntityAsync(Partition(oldOrder), RowKey(oldOrder, trackingId), ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone: nothing to do.
        }
    }
}

/// <summary>A tracking's order index row and the key its state records (the order hash plus a fingerprint of the row).</summary>
internal sealed record OrderIndexRow(string Key, TableEntity Entity);
