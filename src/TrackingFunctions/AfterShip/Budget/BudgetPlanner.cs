namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// The decisions of one budget in this instance, with no storage, no waits and no clock: every time is passed in
/// (AfterShip time as Unix ticks, and the local clock where the instance's own timing matters). It decides which slot
/// a caller gets next, which block to claim, what a look at the table means, which claims to give back, and the
/// rate when storage cannot be reached. The budget around it (<see cref="EndpointBudget"/>, with its
/// <see cref="SlotPump"/> and <see cref="BlockClaimer"/>) does the storage calls and the waits, and calls it under one
/// lock: it is not thread-safe.
/// </summary>
/// <remarks>
/// Degraded mode: when its claims keep failing, an instance that has seen the fleet sends on its own share of the
/// grid (<see cref="DegradedSchedule"/>) at the limit divided by the most instances it has seen
/// (<see cref="FleetMemory"/>); after storage answers again it keeps to that share of its claimed slots for a
/// cool-down, while the others may still be degraded. An instance that has never seen the fleet sends nothing until
/// storage answers: it cannot know what share is its own.
/// </remarks>
internal sealed class BudgetPlanner
{
    /// <summary>How far one look at the table reaches, in blocks.</summary>
    public const int ReadAheadBlocks = 64;

    /// <summary>How often a busy instance looks at the table for hold-offs and for the other instances' claims.</summary>
    public static readonly TimeSpan LookInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How far ahead of its callers an instance claims. It bounds how long the blocks others claimed before storage
    /// failed stay theirs alone: a degraded instance sends on its share of the grid only after that.
    /// </summary>
    public static readonly TimeSpan ClaimHorizon = TimeSpan.FromSeconds(2);

    private readonly double _limit;
    private readonly double _headroom;
    private readonly PriorityQueue<long, long> _slots = new();
    private readonly Dictionary<long, string> _claims = [];
    private readonly FleetMemory _fleet;
    private readonly DegradedSchedule _degraded;
    private HashSet<long> _knownTaken = [];
    private long _nextBlock;
    private long _holdUntil;
    private double _skipCredit;
    private DateTimeOffset? _degradedUntil;
    private DateTimeOffset? _blockedUntil;
    private DateTimeOffset? _coolDownUntil;
    private DateTimeOffset _lastLook;
    private long _leftUnused;
    private long _degradedFrom;

    public BudgetPlanner(BudgetTimeline timeline, double limit, double headroom, string owner)
    {
        (Timeline, _limit, _headroom) = (timeline, limit, headroom);
        _fleet = new FleetMemory(owner);
        _degraded = new DegradedSchedule(timeline);
    }

    public BudgetTimeline Timeline { get; }

    /// <summary>Whether the budget currently sends at its degraded local rate.</summary>
    public bool IsDegraded => _degradedUntil is not null;

    /// <summary>The most instances this one has seen at once lately, itself included: what degraded mode divides by.</summary>
    public int Instances => _fleet.Instances;

    /// <summary>This instance's share of the grid in degraded mode.</summary>
    public int Rank => _fleet.Rank;

    /// <summary>Whether the instance has seen the fleet (so it may run degraded when storage fails).</summary>
    public bool KnowsFleet => _fleet.Known;

    /// <summary>Our slots per second, before any are left to another user.</summary>
    public double OurRate => (double)TimeSpan.TicksPerSecond / Timeline.Interval;

    /// <summary>The rate degraded mode sends at.</summary>
    public double DegradedRate => OurRate / Instances;

    /// <summary>Whether a pump with no callers left holds slots it may give back.</summary>
    public bool HoldsSlots => _slots.Count > 0;

    /// <summary>The slot for the next caller, and the claim to start, for <paramref name="waiting"/> callers at <paramref name="now"/>.</summary>
    public SlotDecision Next(long now, DateTimeOffset localNow, int waiting)
    {
        while (_slots.Count > 0 && _slots.Peek() < now - Timeline.Interval)
        {
            // Due a whole interval ago (storage was slow, the host busy, or nobody waited): sent now it would crowd
            // the next slot, so it goes unused. Later by less, it still goes: the headroom absorbs that.
            _slots.Dequeue();
        }

        if (_blockedUntil is { } blocked && localNow < blocked)
        {
            return new SlotDecision(null, null, blocked);
        }

        if (_degradedUntil is { } until && localNow < until)
        {
            // Our claimed slots are still ours alone; past them and everyone's claims, only our share of the grid.
            return new SlotDecision(_slots.Count > 0 ? _slots.Dequeue() : _degraded.Next(Math.Max(now, _degradedFrom), Instances, Rank), null);
        }

        if (_coolDownUntil is { } coolDown && localNow < coolDown)
        {
            while (_slots.Count > 0 && !_degraded.IsOurs(_slots.Peek(), Instances, Rank))
            {
                // Storage answers again, but others may still send on their shares for a while: only ours.
                _slots.Dequeue();
            }
        }

        ClaimRequest? claim = null;
        if (waiting > _slots.Count && _slots.Count <= Timeline.SlotsPerBlock / 2)
        {
            // Claim the next block while this one is still being spent, so a storage round trip (slow on a busy
            // host) does not leave slots unused.
            claim = Request(now, localNow);
        }

        if (_slots.Count > 0)
        {
            return new SlotDecision(_slots.Dequeue(), claim);
        }

        return new SlotDecision(null, Request(now, localNow));
    }

    /// <summary>The block a claim at <paramref name="now"/> tries next, and whether the one after it looked free.</summary>
    public (long Candidate, bool NextFree) Candidate(long now)
    {
        var candidate = Math.Max(Timeline.BlockOf(now), _nextBlock);
        while (_knownTaken.Contains(candidate))
        {
            candidate++;
        }

        return (candidate, !_knownTaken.Contains(candidate + 1));
    }

    /// <summary>Whether a block is near enough to claim now (within <see cref="ClaimHorizon"/>); if not, the caller waits.</summary>
    public bool WithinHorizon(long candidate, long now) => Timeline.BlockStart(candidate) <= now + ClaimHorizon.Ticks;

    /// <summary>A claim stored: its slots are ours, held by the claims (one token per block, to give them back by).</summary>
    public void Claimed(long candidate, ClaimPlan plan, IReadOnlyList<string> claims, long now)
    {
        foreach (var slot in plan.Slots)
        {
            _slots.Enqueue(slot, slot);
        }

        for (var i = 0; i < plan.Blocks; i++)
        {
            _claims[candidate + i] = claims[i];
        }

        foreach (var spent in _claims.Keys.Where(b => b < Timeline.BlockOf(now)).ToList())
        {
            _claims.Remove(spent);
        }

        _leftUnused = Math.Max(_leftUnused, plan.LeftUnused ?? 0);
        _nextBlock = candidate + plan.Blocks;
    }

    /// <summary>A claim refused: somebody holds the candidate block.</summary>
    public void Refused(long candidate) => _nextBlock = Math.Max(_nextBlock, candidate);

    /// <summary>What a look at the table from <paramref name="from"/> on found.</summary>
    public void Looked(long from, IReadOnlyList<ClaimedBlock> taken, DateTimeOffset localNow)
    {
        _lastLook = localNow;
        _knownTaken = [.. taken.Select(t => t.Block)];

        // Search from the first free block on: one another instance gave back may come before our last claim.
        _nextBlock = from;
        foreach (var hold in taken.Where(t => t.HoldOff))
        {
            _holdUntil = Math.Max(_holdUntil, Timeline.BlockStart(hold.Block + 1));
        }

        _fleet.Claimers(taken.Select(t => t.Owner), localNow);
    }

    /// <summary>A heartbeat read: the instances alive now.</summary>
    public void ObserveFleet(IEnumerable<string> alive, DateTimeOffset localNow) => _fleet.Alive(alive, localNow);

    /// <summary>A response's <c>X-RateLimit-Remaining</c> for the window ending at <paramref name="windowEnd"/> (Unix ticks).</summary>
    public void ObserveRemaining(long counted, long windowEnd, int remaining) => _degraded.Observe(counted, windowEnd, remaining);

    /// <summary>A 429: nobody sends before <paramref name="end"/> (Unix ticks, AfterShip time).</summary>
    public void HoldOff(long end) => _holdUntil = Math.Max(_holdUntil, end);

    /// <summary>
    /// Whether a slot that has come due goes to a caller: not while held off, and not the share left to another
    /// user of the key (<paramref name="foreignPerSecond"/> as of the slot).
    /// </summary>
    public bool Spend(long slot, double foreignPerSecond)
    {
        if (slot < _holdUntil)
        {
            return false;
        }

        _skipCredit += SkipShare(foreignPerSecond);
        if (_skipCredit >= 1)
        {
            _skipCredit -= 1;
            return false;
        }

        return true;
    }

    /// <summary>The share of our slots to leave to another user spending <paramref name="foreignPerSecond"/>.</summary>
    public double SkipShare(double foreignPerSecond) => SharedKeyUsage.SkipShare(_limit, _headroom, OurRate, foreignPerSecond);

    /// <summary>
    /// Takes back the blocks still to come whose slots nobody will use, once nobody waits: the claims to give back.
    /// The current block stays (it ends soon anyway, and a caller arriving before then uses it without a claim), and
    /// so does a block holding the slot left unused after a late one until that slot has passed.
    /// </summary>
    public IReadOnlyList<(long Block, string Claim)> ReleaseIdle(long now)
    {
        var unused = new HashSet<long>();
        var kept = new List<long>();
        while (_slots.TryDequeue(out var slot, out _))
        {
            if (Timeline.BlockStart(Timeline.BlockOf(slot)) > Math.Max(now, _leftUnused))
            {
                unused.Add(Timeline.BlockOf(slot));
            }
            else
            {
                kept.Add(slot);
            }
        }

        kept.ForEach(slot => _slots.Enqueue(slot, slot));
        List<(long Block, string Claim)> blocks = [.. _claims.Where(c => unused.Contains(c.Key)).Select(c => (c.Key, c.Value))];
        blocks.ForEach(b => _claims.Remove(b.Block));
        return blocks;
    }

    /// <summary>
    /// Every attempt at a claim failed: degraded until <paramref name="localNow"/> plus
    /// <paramref name="retryInterval"/> when the fleet is known, otherwise no sends until then. Entering is true the
    /// first time in a row.
    /// </summary>
    public (bool Degraded, bool Entering) StorageFailed(long failingSince, DateTimeOffset localNow, TimeSpan retryInterval)
    {
        if (!_fleet.Known)
        {
            var first = _blockedUntil is null;
            _blockedUntil = localNow + retryInterval;
            return (false, first);
        }

        var entering = _degradedUntil is null;
        _degradedUntil = localNow + retryInterval;
        if (entering)
        {
            // Every block claimed before the claims failed starts within the horizon of then.
            _degradedFrom = failingSince + ClaimHorizon.Ticks + Timeline.BlockTicks;
        }

        return (true, entering);
    }

    /// <summary>
    /// Storage answered: true when leaving degraded mode, which is followed by <paramref name="coolDown"/> on this
    /// instance's share of its slots (the longest another instance may still be degraded).
    /// </summary>
    public bool Recovered(DateTimeOffset localNow, TimeSpan coolDown)
    {
        var leaving = _degradedUntil is not null;
        if (leaving)
        {
            _coolDownUntil = localNow + coolDown;
        }

        (_degradedUntil, _blockedUntil) = (null, null);
        return leaving;
    }

    private ClaimRequest Request(long now, DateTimeOffset localNow)
        => new(now, localNow - _lastLook >= LookInterval, Prefetch: _slots.Count > 0);
}
