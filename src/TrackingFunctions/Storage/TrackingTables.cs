using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Storage;

/// <summary>
/// Hands out the app's <see cref="TableClient"/>s by logical name, with the configured prefix, creating each table
/// once per process when it is first used.
/// </summary>
public sealed class TrackingTables(TableServiceClient service, IOptions<TrackingStorageOptions> options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new();

    /// <summary>The physical table name for a logical one (see <see cref="TableNames"/>).</summary>
    public string NameOf(string table) => options.Value.TablePrefix + table;

    public Task<TableClient> GetAsync(string table, CancellationToken cancellationToken)
    {
        var lazy = _tables.GetOrAdd(table, name => new Lazy<Task<TableClient>>(() => CreateAsync(name)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            // A failed creation (storage briefly down) must not poison the cache for the life of the process.
            _tables.TryRemove(new KeyValuePair<string, Lazy<Task<TableClient>>>(table, lazy));
        }

        return task.WaitAsync(cancellationToken);
    }

    private async Task<TableClient> CreateAsync(string table)
    {
        var client = service.GetTableClient(NameOf(table));
        if (options.Value.CreateTablesIfMissing)
        {
            await client.CreateIfNotExistsAsync();
        }

        return client;
    }
}
