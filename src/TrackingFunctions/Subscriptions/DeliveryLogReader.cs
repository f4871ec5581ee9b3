using Azure.Data.Tables;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Subscriptions;

/// <summary>
/// Reads a subscription's deliveries log a page at a time: the day tables newest first, within a day the newest
/// attempt first, back to the oldest retained day.
/// </summary>
public sealed class DeliveryLogReader(WebhookLog log)
{
    /// <summary>The cursor a <c>continuation</c> token names for this subscription; null when it is not one.</summary>
    public DeliveryLogCursor? ReadToken(string subscriptionId, string token) => DeliveryLogCursor.Parse(token, subscriptionId, log.Now);

    /// <summary>Up to <paramref name="limit"/> attempts after <paramref name="after"/> (from the newest when null).</summary>
    public Task<DeliveryLogPage> ReadAsync(string subscriptionId, int limit, DeliveryLogCursor? after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriptionId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return StorageUnavailableException.GuardAsync(
            async () =>
            {
                var partition = WebhookLog.PartitionOf(subscriptionId);
                var attempts = new List<DeliveryAttempt>(limit);
                DeliveryLogCursor? last = null;
                foreach (var day in log.RetainedDays().Reverse().Where(d => after is null || string.CompareOrdinal(d, after.Day) <= 0))
                {
                    var table = await log.DayAsync(day, cancellationToken);
                    var filter = after?.Day == day
                        ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after.RowKey} and RowKey lt {AttemptRows.RangeEnd}")
                        : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {AttemptRows.Prefix} and RowKey lt {AttemptRows.RangeEnd}");

                    // One row past the page tells whether there is a next page, so the last page never carries a token.
                    await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: limit + 1 - attempts.Count, cancellationToken: cancellationToken))
                    {
                        if (attempts.Count == limit)
                        {
                            return new DeliveryLogPage(attempts, last);
                        }

                        attempts.Add(AttemptRows.Read(row));
                        last = new DeliveryLogCursor(subscriptionId, day, row.RowKey);
                    }
                }

                return new DeliveryLogPage(attempts, null);
            },
            cancellationToken);
    }
}
