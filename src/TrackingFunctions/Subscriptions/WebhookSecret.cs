using System.Security.Cryptography;

namespace TrackingFunctions.Subscriptions;

/// <summary>Standard Webhooks symmetric secrets: <c>whsec_</c> + base64 of random bytes.</summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";

    private const int Bytes = 32;

    public static string Create() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>The HMAC key: the bytes the base64 after the prefix stands for.</summary>
    public static byte[] KeyOf(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);
    }

    /// <summary>What a listing shows instead of the secret: the prefix and its last four characters.</summary>
    public static string Mask(string secret) => Prefix + "…" + secret[^4..];
}
