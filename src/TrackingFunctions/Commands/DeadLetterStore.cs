using System.Globalization;
using Azure.Data.Tables;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Commands;

/// <summary>
/// The DeadLetters table: every message that reached the poison queue, kept past the queue's 7-day expiry.
/// Partitioned by day; the row key is the message id, so a redelivered poison message lands on the same row.
/// </summary>
public sealed class DeadLetterStore(TrackingTables tables, TimeProvider timeProvider)
{
    public Task StoreAsync(ReadOnlyMemory<byte> body, string messageId, string queueName, long dequeueCount, DateTimeOffset? insertedOn, string? requestId, CancellationToken cancellationToken)
        => StorageUnavailableException.GuardAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableNames.DeadLetters, cancellationToken);
                var now = timeProvider.GetUtcNow();
                var entity = new TableEntity(now.ToString("yyyyMMdd", CultureInfo.InvariantCulture), TableKey.Encode(messageId))
                {
                    ["MessageId"] = messageId,
                    ["Queue"] = queueName,
                    ["RequestId"] = requestId,
                    ["DequeueCount"] = dequeueCount,
                    ["InsertedOn"] = insertedOn,
                    ["DeadLetteredAt"] = now,
                };
                PayloadColumns.Write(entity, body.Span);
                await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
                return true;
            },
            cancellationToken);
}
