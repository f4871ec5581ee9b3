using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Storage;

/// <summary>
/// The keyed hashes (HMAC-SHA256 with <see cref="OrderLookupOptions.HashKey"/>) the order index stores instead of
/// order numbers, emails and postcodes. Each input is normalised first, so a shopper's spelling matches the shop's.
/// </summary>
/// <remarks>
/// An email or postcode hash covers the order number too, so one shopper's rows in different orders share no value
/// and the table cannot be joined on them; without the key, a hash cannot be tested against a guessed email either.
/// </remarks>
public sealed class OrderHasher
{
    private readonly byte[] _key;

    public OrderHasher(IOptions<OrderLookupOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Enabled = options.Value.Enabled;
        _key = Encoding.UTF8.GetBytes(options.Value.HashKey);
    }

    /// <summary>False when no key is configured: nothing is indexed and nothing can be looked up.</summary>
    public bool Enabled { get; }

    /// <summary>The order's key in the order index: 128 bits of the order number's hash, as hex.</summary>
    public string OrderKey(string normalisedOrder) => Convert.ToHexStringLower(Hash("order", normalisedOrder, string.Empty))[..32];

    public byte[] Email(string normalisedOrder, string email) => Hash("email", normalisedOrder, NormaliseEmail(email));

    public byte[] Postcode(string normalisedOrder, string postcode) => Hash("postcode", normalisedOrder, NormalisePostcode(postcode));

    /// <summary>Trimmed, upper case, without spaces and a leading <c>#</c> (<c>#1001</c> and <c>1001</c> are one order).</summary>
    public static string NormaliseOrder(string order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var text = new string([.. order.Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c))]).ToUpperInvariant();
        return text.TrimStart('#');
    }

    /// <summary>Trimmed and lower case: mail providers treat addresses case-insensitively in practice.</summary>
    public static string NormaliseEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();
    }

    /// <summary>Letters and digits only, upper case: <c>sw1a 1aa</c>, <c>SW1A1AA</c> and <c>1234-567</c> forms match.</summary>
    public static string NormalisePostcode(string postcode)
    {
        ArgumentNullException.ThrowIfNull(postcode);
        return new string([.. postcode.Normalize(NormalizationForm.FormKC).Where(char.IsLetterOrDigit)]).ToUpper(CultureInfo.InvariantCulture);
    }

    private byte[] Hash(string purpose, string order, string value)
    {
        if (!Enabled)
        {
            throw new InvalidOperationException("Order lookup is off: OrderLookup__HashKey is not set.");
        }

        // Neither purpose nor a normalised order number holds a newline, so the joined text is unambiguous.
        return HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(purpose + "\n" + order + "\n" + value));
    }
}
