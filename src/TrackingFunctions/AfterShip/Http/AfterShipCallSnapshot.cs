namespace TrackingFunctions.AfterShip.Http;

/// <summary>Totals of AfterShip attempts per endpoint, 429s and retries at one moment.</summary>
public sealed record AfterShipCallSnapshot(IReadOnlyDictionary<AfterShipEndpoint, long> Attempts, long RateLimited, long Retries)
{
    /// <summary>What happened between an earlier snapshot and this one.</summary>
    public AfterShipCallSnapshot Since(AfterShipCallSnapshot earlier)
        => new(
            Attempts.ToDictionary(p => p.Key, p => p.Value - earlier.Attempts.GetValueOrDefault(p.Key)),
            RateLimited - earlier.RateLimited,
            Retries - earlier.Retries);
}
