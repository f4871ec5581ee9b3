namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>
/// Tests that assert "no 429" against the simulator's 1-second windows run alone: on a 2-core machine other tests'
/// CPU load delays requests in flight and bunches them into one window, which would measure the machine, not the
/// client's rate limiting.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RateSensitive
{
    public const string Name = "Rate-sensitive (runs alone)";
}
