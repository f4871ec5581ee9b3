using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Webhooks;

/// <summary>
/// Keeps signed webhook bodies that could not be read as an event, with the reason, for someone to look at.
/// Partitioned by day; the row key is the body's hash, so AfterShip's retries of one body land on one row.
/// </summary>
public sealed class WebhookQuarantine(TrackingTables tables, TimeProvider timeProvider)
{
    public Task StoreAsync(ReadOnlyMemory<byte> body, string reason, string? webhookVersion, CancellationToken cancellationToken)
        => StorageUnavailableException.GuardAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableNames.WebhookQuarantine, cancellationToken);
                var now = timeProvider.GetUtcNow();
                var entity = new TableEntity(
                    now.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                    Convert.ToHexString(SHA256.HashData(body.Span)))
                {
                    ["Reason"] = reason.Length > 1000 ? reason[..1000] : reason,
                    ["ReceivedAt"] = now,
                    ["WebhookVersion"] = webhookVersion is { Length: <= 100 } ? webhookVersion : null,
                    ["BodyLength"] = body.Length,
                };
                PayloadColumns.Write(entity, body.Span);
                await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
                return true;
            },
            cancellationToken);
}
