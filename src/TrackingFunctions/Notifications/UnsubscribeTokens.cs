using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace TrackingFunctions.Notifications;

/// <summary>
/// Signed, anonymous unsubscribe tokens: the address's keyed hash and an expiry, with an HMAC over both. A token
/// names no address, so a link forwarded or logged reveals nothing; a changed byte or a passed expiry reads as invalid.
/// </summary>
public sealed class UnsubscribeTokens(AddressHasher hasher, TimeProvider time)
{
    /// <summary>How long a link in an email works: long enough for an old email in an inbox.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    private const int HashBytes = 32;
    private const int PayloadBytes = HashBytes + sizeof(long);

    public string Create(string addressHash)
    {
        ArgumentNullException.ThrowIfNull(addressHash);
        var payload = new byte[PayloadBytes];
        if (Convert.FromHexString(addressHash, payload.AsSpan(0, HashBytes), out _, out var written) != System.Buffers.OperationStatus.Done || written != HashBytes)
        {
            throw new ArgumentException("Not an address hash.", nameof(addressHash));
        }

        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(HashBytes), (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds());
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(hasher.Sign(payload));
    }

    /// <summary>The address hash a valid, unexpired token names; null for anything else.</summary>
    public string? Read(string? token)
    {
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (token is null || dot <= 0 || token.Length > 200)
        {
            return null;
        }

        var payload = new byte[PayloadBytes];
        var signature = new byte[HashBytes];
        if (Base64Url.DecodeFromChars(token.AsSpan(0, dot), payload, out _, out var payloadLength) != System.Buffers.OperationStatus.Done
            || payloadLength != PayloadBytes
            || Base64Url.DecodeFromChars(token.AsSpan(dot + 1), signature, out _, out var signatureLength) != System.Buffers.OperationStatus.Done
            || signatureLength != HashBytes
            || !CryptographicOperations.FixedTimeEquals(signature, hasher.Sign(payload)))
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(HashBytes)));
        return expires < time.GetUtcNow() ? null : Convert.ToHexStringLower(payload.AsSpan(0, HashBytes));
    }
}
