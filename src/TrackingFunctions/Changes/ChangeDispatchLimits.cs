namespace TrackingFunctions.Changes;

/// <summary>
/// How much publishing right after a commit one instance does at once, and how much it remembers to do. Past
/// <see cref="MaxBacklog"/>, a commit's events are not queued in memory: they wait in the outbox for the sweep, so a
/// burst (an import of thousands of trackings) costs the instance a bounded amount of memory and loses nothing.
/// </summary>
public sealed class ChangeDispatchLimits
{
    /// <summary>Trackings published in parallel (each one's events stay in sequence order).</summary>
    public int MaxConcurrentTrackings { get; init; } = 32;

    /// <summary>Trackings waiting or being published; a commit for a tracking not among them past this is left to the sweep.</summary>
    public int MaxBacklog { get; init; } = 1_000;
}
