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

    /// <summary>
    /// The refresh job's write of <paramref name="tracking"/>: the same rule as <see cref="ApplyAsync"/>, but starting
    /// from <paramref name="knownState"/>, the state (decision columns and ETag) the job read when it found the tracking
    /// due, instead of reading it again. If it has changed since, the ETag-conditional write fails and the state is
    /// re-read, so a stale one costs a retry, never a wrong write.
    /// </summary>
    Task<ApplyResult> ApplyRefreshAsync(Tracking tracking, StoredTracking knownState, CancellationToken cancellationToken);

    Task<StoredTracking?> GetAsync(string id, CancellationToken cancellationToken);

    Task<StoredTracking?> FindAsync(string slug, string trackingNumber, CancellationToken cancellationToken);

    Task<StoredEventPage> ListEventsAsync(string id, int pageSize, string? continuationToken, CancellationToken cancellationToken);
}
