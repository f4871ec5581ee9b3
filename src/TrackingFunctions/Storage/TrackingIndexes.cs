namespace TrackingFunctions.Storage;

/// <summary>
/// Which side indexes a state was written with (state column <see cref="StateColumns.IndexVersion"/>). A state from
/// an older version gets the missing index rows on its next write, refreshes that found nothing new included, so
/// trackings stored before an index existed are found through it once the refresh job has been round.
/// </summary>
internal static class TrackingIndexes
{
    /// <summary>1 (or absent): slug + number lookup only. 2: also the number-first index and the order index.</summary>
    public const int Current = 2;
}
