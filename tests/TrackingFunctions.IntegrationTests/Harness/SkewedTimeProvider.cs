namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>The real clock, read off by a fixed skew: an instance whose clock is not quite right.</summary>
public sealed class SkewedTimeProvider(TimeSpan skew) : TimeProvider
{
    public TimeSpan Skew => skew;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + skew;
}
