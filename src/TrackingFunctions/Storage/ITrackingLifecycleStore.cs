using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.Storage;

/// <summary>
/// The command write that ends a tracking's life (delete, mark completed): stored like any command write, and
/// announced once by a <c>deleted</c> or <c>completed</c> change event.
/// </summary>
public interface ITrackingLifecycleStore
{
    /// <summary>
    /// Stores <paramref name="tracking"/> as <see cref="ITrackingStore.ApplyAsync"/> does for a command, and records
    /// <paramref name="lifecycle"/> (<see cref="Changes.TrackingLifecycle"/>) with it.
    /// </summary>
    Task<ApplyResult> ApplyLifecycleAsync(Tracking tracking, string lifecycle, CancellationToken cancellationToken);
}
