using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Webhooks;

/// <summary>
/// Checks <c>aftership-hmac-sha256</c>: the base64 HMAC-SHA256 of the raw body bytes, keyed with a webhook secret.
/// </summary>
public sealed class WebhookSignatureVerifier
{
    private const int SignatureBytes = 32;
    private readonly byte[][] _keys;

    public WebhookSignatureVerifier(IOptions<WebhookOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = options.Value.Secrets
            .Where(s => !string.IsNullOrEmpty(s))
            .Select(s => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetBytes(s))
            .ToArray();
    }

    /// <summary>
    /// The index of the configured secret that signed <paramref name="body"/>, or -1 when the header is missing,
    /// malformed, of the wrong length, or matches no secret. Every secret is tried, in constant time each, so the
    /// time taken does not tell which one (or whether any) matched.
    /// </summary>
    public int Verify(ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return -1;
        }

        Span<byte> expected = stackalloc byte[SignatureBytes + 1];
        if (!Convert.TryFromBase64String(header.Trim(), expected, out var written) || written != SignatureBytes)
        {
            return -1;
        }

        var provided = expected[..SignatureBytes];
        Span<byte> actual = stackalloc byte[SignatureBytes];
        var matched = -1;
        for (var i = 0; i < _keys.Length; i++)
        {
            HMACSHA256.HashData(_keys[i], body, actual);
            if (CryptographicOperations.FixedTimeEquals(actual, provided) && matched < 0)
            {
                matched = i;
            }
        }

        return matched;
    }

    /// <summary>The header value AfterShip would send for <paramref name="body"/> signed with <paramref name="secret"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret)
        => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
