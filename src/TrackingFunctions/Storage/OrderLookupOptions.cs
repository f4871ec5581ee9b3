using System.ComponentModel.DataAnnotations;

namespace TrackingFunctions.Storage;

/// <summary>
/// Order lookup on the tracking page (section <c>OrderLookup</c>): a shopper finds every parcel of an order by its
/// order number and their email or postcode. The app keeps only keyed hashes of those values, never the values.
/// </summary>
public sealed class OrderLookupOptions
{
    public const string SectionName = "OrderLookup";

    /// <summary>The shortest accepted <see cref="HashKey"/>: 32 characters, enough for 128 bits of a random key.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>
    /// The secret key (at least 32 characters, e.g. <c>openssl rand -base64 48</c>) of the HMAC-SHA256 that turns
    /// order numbers, emails and postcodes into the hashes the order index holds. Keep it in Key Vault. Empty (the
    /// default) turns order lookup off: no order index is written and the page offers only the number search.
    /// Changing it makes every stored hash unmatchable until each tracking is written again.
    /// </summary>
    public string HashKey { get; set; } = string.Empty;

    /// <summary>The most parcels one order lists (1 to 50, default 20); the rest are left out.</summary>
    [Range(1, 50)]
    public int MaxParcels { get; set; } = 20;

    internal bool Enabled => HashKey.Length > 0;
}
