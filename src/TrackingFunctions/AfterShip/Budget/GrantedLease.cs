using System.Threading.RateLimiting;

namespace TrackingFunctions.AfterShip.Budget;

/// <summary>The lease Polly's rate-limiter strategy expects once the budget has handed out a slot.</summary>
internal sealed class GrantedLease : RateLimitLease
{
    public static readonly GrantedLease Instance = new();

    private GrantedLease()
    {
    }

    public override bool IsAcquired => true;

    public override IEnumerable<string> MetadataNames => [];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = null;
        return false;
    }
}
