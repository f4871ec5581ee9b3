using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Notifications;

/// <summary>
/// Keys for what must recognise an address without storing it (the suppression list, a retry's recipients) and for
/// signing unsubscribe links: two keys derived from <see cref="NotificationOptions.UnsubscribeKey"/>, so neither
/// use can forge the other.
/// </summary>
public sealed class AddressHasher(IOptions<NotificationOptions> options)
{
    private readonly Lazy<(byte[] Hash, byte[] Sign)> _keys = new(() =>
    {
        var secret = Encoding.UTF8.GetBytes(options.Value.UnsubscribeKey);
        return (Derive(secret, "address-hash"), Derive(secret, "unsubscribe-link"));
    });

    /// <summary>The keyed hash of an address (case-insensitive), lowercase hex.</summary>
    public string Hash(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var normalized = Encoding.UTF8.GetBytes(address.Trim().ToLowerInvariant());
        return Convert.ToHexStringLower(HMACSHA256.HashData(_keys.Value.Hash, normalized));
    }

    internal byte[] Sign(ReadOnlySpan<byte> data) => HMACSHA256.HashData(_keys.Value.Sign, data);

    private static byte[] Derive(byte[] secret, string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: Encoding.UTF8.GetBytes(purpose));
}
