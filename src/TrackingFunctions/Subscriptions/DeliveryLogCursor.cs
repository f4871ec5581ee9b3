using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace TrackingFunctions.Subscriptions;

/// <summary>
/// Where a page of a subscription's deliveries log stopped: the day table and the last attempt row returned, so the
/// next page starts right after it. Users see it only as an opaque base64url <c>continuation_token</c>.
/// </summary>
/// <remarks>
/// The token names the subscription so that one cannot be carried over to another, and the row key rather than the
/// storage continuation, so it can only ever address rows of the partition the request names.
/// </remarks>
public sealed record DeliveryLogCursor(string SubscriptionId, string Day, string RowKey)
{
    private const string Version = "1";
    private const int MaxTokenLength = 2048;

    public string ToToken() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('|', Version, Day, RowKey, SubscriptionId)));

    /// <summary>
    /// The cursor a token of <paramref name="subscriptionId"/> names; null for anything this API did not hand out for
    /// that subscription, including a day after <paramref name="now"/>.
    /// </summary>
    public static DeliveryLogCursor? Parse(string token, string subscriptionId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(subscriptionId);
        if (token.Length > MaxTokenLength || !Base64Url.IsValid(token))
        {
            return null;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(token));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var parts = text.Split('|', 4);
        return parts.Length == 4
               && parts[0] == Version
               && DateTime.TryParseExact(parts[1], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
               && string.CompareOrdinal(parts[1], WebhookLog.DayOf(now)) <= 0
               && AttemptRows.IsKey(parts[2])
               && string.Equals(parts[3], subscriptionId, StringComparison.Ordinal)
            ? new DeliveryLogCursor(subscriptionId, parts[1], parts[2])
            : null;
    }
}
