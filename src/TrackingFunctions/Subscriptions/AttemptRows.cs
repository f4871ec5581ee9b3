using System.Globalization;
using Azure.Data.Tables;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Subscriptions;

/// <summary>
/// The attempt rows of the webhook log: <c>a_</c> + inverted attempt time, so a subscription's partition lists its
/// newest attempts first, then event, round and attempt to keep two attempts in the same tick apart.
/// </summary>
internal static class AttemptRows
{
    public const string Prefix = "a_";

    /// <summary>The first key past every attempt row (<c>`</c> follows <c>_</c>).</summary>
    public const string RangeEnd = "a`";

    public static TableEntity Entity(string partition, int round, DeliveryAttempt attempt)
    {
        var inverted = (DateTimeOffset.MaxValue.UtcTicks - attempt.AttemptedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        return new TableEntity(partition, $"{Prefix}{inverted}_{TableKey.Encode(attempt.EventId)}_{round}_{attempt.Attempt}")
        {
            ["EventId"] = attempt.EventId,
            ["EventType"] = attempt.EventType,
            ["Round"] = round,
            ["Attempt"] = attempt.Attempt,
            ["AttemptedAt"] = attempt.AttemptedAt,
            ["StatusCode"] = attempt.StatusCode,
            ["DurationMs"] = attempt.DurationMs,
            ["Outcome"] = attempt.Outcome,
            ["Error"] = attempt.Error,
        };
    }

    public static DeliveryAttempt Read(TableEntity row) => new(
        row.GetString("EventId") ?? string.Empty,
        row.GetString("EventType") ?? string.Empty,
        row.GetInt32("Attempt") ?? 0,
        row.GetDateTimeOffset("AttemptedAt") ?? DateTimeOffset.MinValue,
        row.GetInt32("StatusCode"),
        row.GetInt64("DurationMs") ?? 0,
        row.GetString("Outcome") ?? string.Empty,
        row.GetString("Error"));

    /// <summary>True for a key this class could have written: the prefix, then only what <see cref="TableKey"/> and digits produce.</summary>
    public static bool IsKey(string rowKey)
        => rowKey.Length is > 2 and <= 1024
           && rowKey.StartsWith(Prefix, StringComparison.Ordinal)
           && rowKey.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~');
}
