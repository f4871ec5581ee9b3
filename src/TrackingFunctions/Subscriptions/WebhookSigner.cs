using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TrackingFunctions.Subscriptions;

/// <summary>
/// Signs a delivery the Standard Webhooks way: <c>v1,</c> + base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>,
/// one signature per secret, space-separated, so a receiver holding either secret of a rotation accepts it.
/// </summary>
public static class WebhookSigner
{
    public static string Sign(string webhookId, long timestamp, ReadOnlySpan<byte> body, IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var prefix = Encoding.UTF8.GetBytes(webhookId + "." + timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return string.Join(' ', secrets.Select(secret => "v1," + Convert.ToBase64String(HMACSHA256.HashData(WebhookSecret.KeyOf(secret), content))));
    }
}
