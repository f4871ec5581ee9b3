using Azure.Data.Tables;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Commands;

/// <summary>The CommandOutcomes table: one row per request id (partition = encoded request id).</summary>
public sealed class CommandOutcomeStore(TrackingTables tables)
{
    private const string RowKey = "outcome";

    public Task<CommandOutcome?> GetAsync(string requestId, CancellationToken cancellationToken)
        => StorageUnavailableException.GuardAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableNames.CommandOutcomes, cancellationToken);
                var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKey.Encode(requestId), RowKey, cancellationToken: cancellationToken);
                return row.HasValue ? FromEntity(row.Value!) : null;
            },
            cancellationToken);

    /// <summary>Records an outcome. A recorded success is final: nothing overwrites it.</summary>
    public Task RecordAsync(CommandOutcome outcome, CancellationToken cancellationToken)
        => StorageUnavailableException.GuardAsync(
            async () =>
            {
                ArgumentNullException.ThrowIfNull(outcome);
                var table = await tables.GetAsync(TableNames.CommandOutcomes, cancellationToken);
                var entity = new TableEntity(TableKey.Encode(outcome.RequestId), RowKey)
                {
                    ["RequestId"] = outcome.RequestId,
                    ["Action"] = outcome.Action,
                    ["Status"] = outcome.Status,
                    ["Reason"] = outcome.Reason is { Length: > 4000 } r ? r[..4000] : outcome.Reason,
                    ["TrackingId"] = outcome.TrackingId,
                    ["AfterShipCode"] = outcome.AfterShipCode,
                    ["Attempts"] = outcome.Attempts,
                    ["MessageId"] = outcome.MessageId,
                    ["UpdatedAt"] = outcome.UpdatedAt,
                    ["ErrorCode"] = outcome.ErrorCode,
                };
                if (outcome.Status == CommandStatus.Succeeded)
                {
                    await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
                    return true;
                }

                // Only a non-success may be replaced, and only by comparing ETags, so a late failure report from
                // an overlapping delivery can never turn a recorded success back into a failure.
                var existing = await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, RowKey, cancellationToken: cancellationToken);
                if (!existing.HasValue)
                {
                    try
                    {
                        await table.AddEntityAsync(entity, cancellationToken);
                    }
                    catch (Azure.RequestFailedException ex) when (ex.Status == 409)
                    {
                        // Someone recorded first; theirs stands (it is at least as far along).
                    }
                }
                else if (existing.Value!.GetString("Status") != CommandStatus.Succeeded)
                {
                    try
                    {
                        await table.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                    }
                    catch (Azure.RequestFailedException ex) when (ex.Status == 412)
                    {
                        // Changed under us, possibly to success; theirs stands.
                    }
                }

                return true;
            },
            cancellationToken);

    private static CommandOutcome FromEntity(TableEntity e) => new(
        e.GetString("RequestId") ?? string.Empty,
        e.GetString("Action"),
        e.GetString("Status") ?? string.Empty,
        e.GetString("Reason"),
        e.GetString("TrackingId"),
        e.GetInt32("AfterShipCode"),
        e.GetInt64("Attempts") ?? 0,
        e.GetString("MessageId"),
        e.GetDateTimeOffset("UpdatedAt") ?? default,
        e.GetString("ErrorCode"));
}
