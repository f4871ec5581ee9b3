using Azure;
using Azure.Data.Tables;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Import;

/// <summary>
/// The <see cref="TableName"/> table: one row holding the current (or latest) import. A start inserts or replaces
/// it only if no import is running, and every checkpoint is conditional on the ETag the runner last saw.
/// </summary>
public sealed class ImportJobStore(TrackingTables tables)
{
    public const string TableName = "Imports";

    private const string PartitionKey = "import";
    private const string RowKey = "current";

    public Task<ImportJob?> GetAsync(CancellationToken cancellationToken)
        => StorageUnavailableException.GuardAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableName, cancellationToken);
                var read = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, RowKey, cancellationToken: cancellationToken);
                return read.HasValue ? FromEntity(read.Value!) : null;
            },
            cancellationToken);

    /// <summary>Stores <paramref name="job"/> as the current import unless one is running; returns the running one then.</summary>
    public Task<(ImportJob? Started, ImportJob? Running)> TryStartAsync(ImportJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return StorageUnavailableException.GuardAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableName, cancellationToken);
                var read = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, RowKey, cancellationToken: cancellationToken);
                var current = read.HasValue ? FromEntity(read.Value!) : null;
                if (current?.State == ImportState.Running)
                {
                    return ((ImportJob?)null, current);
                }

                try
                {
                    var response = current is null
                        ? await table.AddEntityAsync(ToEntity(job), cancellationToken)
                        : await table.UpdateEntityAsync(ToEntity(job), current.ETag, TableUpdateMode.Replace, cancellationToken);
                    return (job with { ETag = response.Headers.ETag ?? default }, (ImportJob?)null);
                }
                catch (RequestFailedException ex) when (ex.Status is 409 or 412)
                {
                    // Another start got there first.
                    var winner = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, RowKey, cancellationToken: cancellationToken);
                    return ((ImportJob?)null, winner.HasValue ? FromEntity(winner.Value!) : null);
                }
            },
            cancellationToken);
    }

    /// <summary>Replaces the row if it is still at <paramref name="job"/>'s ETag; null when someone else changed it.</summary>
    public Task<ImportJob?> TryUpdateAsync(ImportJob job, ImportJob updated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(updated);
        return StorageUnavailableException.GuardAsync(
            async () =>
            {
                var table = await tables.GetAsync(TableName, cancellationToken);
                try
                {
                    var response = await table.UpdateEntityAsync(ToEntity(updated), job.ETag, TableUpdateMode.Replace, cancellationToken);
                    return updated with { ETag = response.Headers.ETag ?? default };
                }
                catch (RequestFailedException ex) when (ex.Status is 404 or 412)
                {
                    return null;
                }
            },
            cancellationToken);
    }

    private static TableEntity ToEntity(ImportJob job) => new(PartitionKey, RowKey)
    {
        [nameof(ImportJob.ImportId)] = job.ImportId,
        [nameof(ImportJob.State)] = job.State,
        [nameof(ImportFilters.CreatedAtMin)] = job.Filters.CreatedAtMin,
        [nameof(ImportFilters.CreatedAtMax)] = job.Filters.CreatedAtMax,
        [nameof(ImportFilters.Tag)] = job.Filters.Tag,
        [nameof(ImportJob.Cursor)] = job.Cursor,
        [nameof(ImportJob.Pages)] = job.Pages,
        [nameof(ImportJob.Trackings)] = job.Trackings,
        [nameof(ImportJob.Changed)] = job.Changed,
        [nameof(ImportJob.Skipped)] = job.Skipped,
        [nameof(ImportJob.Total)] = job.Total,
        [nameof(ImportJob.StartedAt)] = job.StartedAt,
        [nameof(ImportJob.CheckpointAt)] = job.CheckpointAt,
        [nameof(ImportJob.FinishedAt)] = job.FinishedAt,
        [nameof(ImportJob.Error)] = job.Error is { Length: > 1000 } error ? error[..1000] : job.Error,
    };

    private static ImportJob FromEntity(TableEntity entity) => new()
    {
        ImportId = entity.GetString(nameof(ImportJob.ImportId)) ?? string.Empty,
        State = entity.GetString(nameof(ImportJob.State)) ?? ImportState.Failed,
        Filters = new ImportFilters(
            entity.GetDateTimeOffset(nameof(ImportFilters.CreatedAtMin)),
            entity.GetDateTimeOffset(nameof(ImportFilters.CreatedAtMax)),
            entity.GetString(nameof(ImportFilters.Tag))),
        Cursor = entity.GetString(nameof(ImportJob.Cursor)),
        Pages = entity.GetInt64(nameof(ImportJob.Pages)) ?? 0,
        Trackings = entity.GetInt64(nameof(ImportJob.Trackings)) ?? 0,
        Changed = entity.GetInt64(nameof(ImportJob.Changed)) ?? 0,
        Skipped = entity.GetInt64(nameof(ImportJob.Skipped)) ?? 0,
        Total = entity.GetInt64(nameof(ImportJob.Total)),
        StartedAt = entity.GetDateTimeOffset(nameof(ImportJob.StartedAt)) ?? default,
        CheckpointAt = entity.GetDateTimeOffset(nameof(ImportJob.CheckpointAt)),
        FinishedAt = entity.GetDateTimeOffset(nameof(ImportJob.FinishedAt)),
        Error = entity.GetString(nameof(ImportJob.Error)),
        ETag = entity.ETag,
    };
}
