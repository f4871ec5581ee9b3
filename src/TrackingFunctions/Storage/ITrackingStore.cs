using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.Storage;

/// <summary>
/// The tracking state store shared by the webhook, the commands and the refresh job. Every write goes through
/// one rule: a state replaces the stored one only if it is not older (<see cref="TrackingVersion"/>).
/// </summary>
public interface ITrackingStore
{
    /// <summary>
    /// Stores <paramref name="webhookEvent"/> (if any) and, unless the stored state is newer, <paramref name="tracking"/>
    /// as the tracking's current state. Throws <see cref="StorageUnavailableException"/> when nothing could be stored.
    /// </summary>
    Task<ApplyResult> ApplyAsync(Tracking tracking, string source, WebhookEventRecord? webhookEvent, CancellationToken cancellationToken);

    Task<StoredTracking?> GetAsync(string id, CancellationToken cancellationToken);

    Task<StoredTracking?> FindAsync(string slug, string trackingNumber, CancellationToken cancellationToken);

    Task<StoredEventPage> ListEventsAsync(string id, int pageSize, string? continuationToken, CancellationToken cancellationToken);
}
