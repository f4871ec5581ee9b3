using Microsoft.Extensions.Options;

namespace TrackingFunctions.Subscriptions;

/// <summary>
/// The subscription list, read at most once per <see cref="SubscriptionOptions.CacheDuration"/> per instance, so
/// handing an event to the sink costs no storage read in the common case. Changes made through this instance's API
/// apply at once; changes made through another instance's, within the cache duration.
/// </summary>
public sealed class SubscriptionCache(SubscriptionStore store, IOptions<SubscriptionOptions> options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot? _snapshot;

    public async Task<IReadOnlyList<Subscription>> GetAllAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is { } fresh && time.GetUtcNow() < fresh.ExpiresAt)
        {
            return fresh.Subscriptions;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } other && time.GetUtcNow() < other.ExpiresAt)
            {
                return other.Subscriptions;
            }

            var list = await store.ListAsync(cancellationToken);
            _snapshot = new Snapshot(list, time.GetUtcNow() + options.Value.CacheDuration);
            return list;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public async Task<Subscription?> FindAsync(string id, CancellationToken cancellationToken)
        => (await GetAllAsync(cancellationToken)).FirstOrDefault(s => s.Id == id);

    /// <summary>Drops the cached list, after a change this instance made.</summary>
    public void Invalidate() => _snapshot = null;

    public void Dispose() => _refresh.Dispose();

    private sealed record Snapshot(IReadOnlyList<Subscription> Subscriptions, DateTimeOffset ExpiresAt);
}
