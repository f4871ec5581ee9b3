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

    /// <remarks>
    /// Callers that wait on one creation share its outcome; a creation that failed answers nobody after that. It
    /// drops itself from the cache when it fails, and a caller that still finds it there (the failure came while
    /// nobody was waiting, e.g. a creation that hung past every caller's timeout while storage was frozen) starts a
    /// new one rather than being handed the old failure.
    /// </remarks>
    public async Task<TableClient> GetAsync(string table, CancellationToken cancellationToken)
    {
        var lazy = Entry(table);
        if (lazy.IsValueCreated && lazy.Value is { IsFaulted: true } or { IsCanceled: true })
        {
            Drop(table, lazy);
            lazy = Entry(table);
        }

        return await lazy.Value.WaitAsync(cancellationToken);
    }

    private Lazy<Task<TableClient>> Entry(string table) => _tables.GetOrAdd(table, name =>
    {
        Lazy<Task<TableClient>>? self = null;
        self = new Lazy<Task<TableClient>>(() => CreateAsync(name, self!));
        return self;
    });

    private void Drop(string table, Lazy<Task<TableClient>> lazy) => _tables.TryRemove(KeyValuePair.Create(table, lazy));

    private async Task<TableClient> CreateAsync(string table, Lazy<Task<TableClient>> self)
    {
        var client = service.GetTableClient(NameOf(table));
        if (options.Value.CreateTablesIfMissing)
        {
            try
            {
                // No caller's token: the creation is shared, and one caller giving up must not fail it for the rest.
                // Not resumed on a captured context, so the failure drops the entry as it happens, before anyone
                // else can be handed it.
                await client.CreateIfNotExistsAsync().ConfigureAwait(false);
            }
            catch
            {
                Drop(table, self);
                throw;
            }
        }

        return client;
    }
}
