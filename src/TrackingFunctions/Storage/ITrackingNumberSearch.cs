namespace TrackingFunctions.Storage;

/// <summary>Finds the couriers a tracking number is stored under, for a search that names no courier.</summary>
public interface ITrackingNumberSearch
{
    /// <summary>The slugs (lower case, distinct, at most <paramref name="limit"/>) stored for the number.</summary>
    Task<IReadOnlyList<string>> FindSlugsAsync(string trackingNumber, int limit, CancellationToken cancellationToken);
}
