using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrackingFunctions.AfterShip.Errors;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Couriers;

/// <summary>
/// The courier directory an instance works from: an in-memory copy of the Couriers table, read again every
/// <see cref="CourierOptions.ReloadInterval"/>. The page reads only the copy (<see cref="Find"/>), starting a reload in
/// the background when it is due; commands wait for the reload and, on a slug the copy does not know, for a refresh
/// from AfterShip at most every <see cref="CourierOptions.MissRefreshInterval"/>.
/// </summary>
public sealed partial class CourierDirectory(
    CourierDirectoryStore store,
    CourierDirectoryRefresher refresher,
    IOptions<CourierOptions> options,
    TimeProvider timeProvider,
    ILogger<CourierDirectory> logger) : ICourierDirectory
{
    private readonly Lock _gate = new();
    private CourierSnapshot _snapshot = CourierSnapshot.Empty;
    private Task<CourierSnapshot>? _loading;
    private Task<CourierSnapshot>? _refreshing;

    public CourierEntry? Find(string slug)
    {
        ArgumentNullException.ThrowIfNull(slug);
        var snapshot = Volatile.Read(ref _snapshot);
        if (IsDue(snapshot))
        {
            _ = ReloadInBackgroundAsync();
        }

        return snapshot.Find(slug);
    }

    /// <summary>The directory, read from storage first when this instance's copy is due.</summary>
    internal async Task<CourierSnapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        return IsDue(snapshot) ? await LoadAsync().WaitAsync(cancellationToken) : snapshot;
    }

    /// <summary>
    /// The directory for checking a command about <paramref name="slug"/> (null: a detected courier, no slug to
    /// look for). When it does not know the slug, or holds no couriers at all, and nobody asked AfterShip within
    /// <see cref="CourierOptions.MissRefreshInterval"/>, it is fetched again first. Null when there is no directory
    /// to judge by: never fetched, and AfterShip could not be asked now.
    /// </summary>
    internal async Task<CourierSnapshot?> ForCommandAsync(string? slug, CancellationToken cancellationToken)
    {
        await CurrentAsync(cancellationToken);

        // The latest copy, not the one read: a refresh another command started may have finished meanwhile.
        var snapshot = Volatile.Read(ref _snapshot);
        var known = snapshot.Count > 0 && (slug is null || snapshot.Find(slug) is not null);
        if (known || !MayRefresh(snapshot))
        {
            return snapshot.Count > 0 ? snapshot : null;
        }

        try
        {
            return await RefreshAsync(cancellationToken);
        }
        catch (AfterShipApiException ex)
        {
            LogMissRefreshFailed(logger, ex.Message);
            return snapshot.Count > 0 && slug is null ? snapshot : null;
        }
    }

    /// <summary>
    /// Fetches the directory from AfterShip, stores it, and makes it this instance's copy. Callers that arrive while a
    /// refresh runs share it: a burst of commands after a deployment costs two GET /couriers calls, not two each.
    /// </summary>
    internal Task<CourierSnapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        Task<CourierSnapshot> refresh;
        lock (_gate)
        {
            if (_refreshing is null or { IsCompleted: true })
            {
                _refreshing = RefreshOnceAsync();
            }

            refresh = _refreshing;
        }

        return refresh.WaitAsync(cancellationToken);
    }

    private async Task<CourierSnapshot> RefreshOnceAsync()
    {
        // Not the caller's token: the refresh is shared by everyone waiting for it (the client's own timeouts bound it).
        var couriers = await refresher.RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        var snapshot = new CourierSnapshot(couriers, now, now);
        Volatile.Write(ref _snapshot, snapshot);
        var activated = couriers.Count(c => c.Activated);
        LogRefreshed(logger, snapshot.Count, activated);
        return snapshot;
    }

    private bool IsDue(CourierSnapshot snapshot) => timeProvider.GetUtcNow() - snapshot.LoadedAt >= options.Value.ReloadInterval;

    private bool MayRefresh(CourierSnapshot snapshot)
        => snapshot.RefreshedAt is not { } refreshed || timeProvider.GetUtcNow() - refreshed >= options.Value.MissRefreshInterval;

    private Task<CourierSnapshot> LoadAsync()
    {
        lock (_gate)
        {
            if (_loading is null or { IsCompleted: true })
            {
                _loading = LoadOnceAsync();
            }

            return _loading;
        }
    }

    private async Task<CourierSnapshot> LoadOnceAsync()
    {
        try
        {
            // Not the caller's token: the read is shared by everyone waiting for it.
            var loaded = await store.ReadAsync(timeProvider.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            var current = Volatile.Read(ref _snapshot);

            // A refresh that finished meanwhile is at least as new as what storage had when the read began.
            var snapshot = current.RefreshedAt > loaded.RefreshedAt ? new CourierSnapshot(current.Couriers, current.RefreshedAt, loaded.LoadedAt) : loaded;
            Volatile.Write(ref _snapshot, snapshot);
            return snapshot;
        }
        finally
        {
            lock (_gate)
            {
                _loading = null;
            }
        }
    }

    private async Task ReloadInBackgroundAsync()
    {
        try
        {
            await LoadAsync().ConfigureAwait(false);
        }
        catch (StorageUnavailableException ex)
        {
            // The page keeps showing the copy it has; the next request tries again.
            LogReloadFailed(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Courier directory refreshed from AfterShip: {Couriers} couriers, {Activated} activated")]
    private static partial void LogRefreshed(ILogger logger, int couriers, int activated);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Courier directory could not be read from storage: {Failure}")]
    private static partial void LogReloadFailed(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Courier directory refresh for an unknown slug failed; the command goes to AfterShip unchecked: {Failure}")]
    private static partial void LogMissRefreshFailed(ILogger logger, string failure);
}
