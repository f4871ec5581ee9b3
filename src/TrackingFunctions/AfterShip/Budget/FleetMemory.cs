namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// What one instance knows of the instances sharing the budget: the ones alive at its last heartbeat read, and the
/// ones it saw claiming in the last minute. Degraded mode divides the limit by <see cref="Instances"/>, the most it
/// has seen at once over <see cref="Memory"/>, and sends on the slots of its <see cref="Rank"/> among them.
/// </summary>
/// <remarks>
/// The memory runs on what the instance learns, not on the clock: while storage cannot be reached nothing new comes
/// in, so the count it divides by cannot shrink during an outage.
/// </remarks>
internal sealed class FleetMemory(string self)
{
    /// <summary>How long the most instances seen at once keeps counting after a later look saw fewer.</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromMinutes(10);

    /// <summary>How long an instance seen claiming counts as one of the fleet, without a heartbeat of its own.</summary>
    public static readonly TimeSpan OwnerMemory = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, DateTimeOffset> _claimers = new(StringComparer.Ordinal);
    private readonly List<(DateTimeOffset At, int Count)> _samples = [];
    private SortedSet<string>? _alive;

    /// <summary>Whether the instance has seen the fleet at all (a heartbeat read or a look at the claims).</summary>
    public bool Known => _samples.Count > 0;

    /// <summary>The most instances seen at once over <see cref="Memory"/>, this one included.</summary>
    public int Instances => _samples.Count == 0 ? 1 : Math.Max(1, _samples.Max(s => s.Count));

    /// <summary>
    /// This instance's place, from 0, among the instances alive at its last heartbeat read (ordered by name, so every
    /// instance that read the same rows ranks them alike), or among the claimers when it has read no heartbeat.
    /// </summary>
    public int Rank
    {
        get
        {
            var ranked = _alive ?? new SortedSet<string>(_claimers.Keys.Append(self), StringComparer.Ordinal);
            return ranked.TakeWhile(name => !string.Equals(name, self, StringComparison.Ordinal)).Count();
        }
    }

    /// <summary>A heartbeat read: the instances whose heartbeat is recent.</summary>
    public void Alive(IEnumerable<string> alive, DateTimeOffset localNow)
    {
        _alive = new SortedSet<string>(alive.Append(self), StringComparer.Ordinal);
        Sample(localNow);
    }

    /// <summary>A look at the claims: the instances holding blocks from now on.</summary>
    public void Claimers(IEnumerable<string> owners, DateTimeOffset localNow)
    {
        foreach (var owner in owners.Append(self))
        {
            _claimers[owner] = localNow;
        }

        foreach (var stale in _claimers.Where(o => localNow - o.Value > OwnerMemory).Select(o => o.Key).ToList())
        {
            _claimers.Remove(stale);
        }

        Sample(localNow);
    }

    private void Sample(DateTimeOffset localNow)
    {
        var members = new HashSet<string>(_claimers.Keys, StringComparer.Ordinal) { self };
        members.UnionWith(_alive ?? []);
        _samples.Add((localNow, members.Count));
        _samples.RemoveAll(s => localNow - s.At > Memory);
    }
}
