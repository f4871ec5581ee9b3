using Azure;
using Azure.Data.Tables;

namespace TrackingFunctions.Changes;

/// <summary>
/// Deletes published outbox rows of one tracking in one entity-group transaction (they share the tracking's
/// partition), each conditional on the ETag it was read with. When another publisher (the sweep, another instance)
/// removed or rewrote one of them meanwhile, the whole transaction fails; the rows are then deleted one by one and the
/// ones already gone are skipped: those events went out twice, which consumers absorb by id.
/// </summary>
internal static class OutboxDeletes
{
    /// <summary>An entity-group transaction holds at most 100 operations.</summary>
    public const int MaxPerTransaction = 100;

    public static async Task DeleteAsync(TableClient table, IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        switch (rows.Count)
        {
            case 0:
                return;
            case 1:
                await DeleteOneAsync(table, rows[0], cancellationToken);
                return;
        }

        foreach (var chunk in rows.Chunk(MaxPerTransaction))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(Delete), cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412)
            {
                foreach (var row in chunk)
                {
                    await DeleteOneAsync(table, row, cancellationToken);
                }
            }
        }
    }

    /// <summary>Only the keys and the ETag: a delete carries no properties.</summary>
    private static TableTransactionAction Delete(TableEntity row)
        => new(TableTransactionActionType.Delete, new TableEntity(row.PartitionKey, row.RowKey), row.ETag);

    private static async Task DeleteOneAsync(TableClient table, TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Published and removed by someone else meanwhile.
        }
    }
}
