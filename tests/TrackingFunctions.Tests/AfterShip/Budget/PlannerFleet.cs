using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Budget;

namespace TrackingFunctions.Tests.AfterShip.Budget;

/// <summary>
/// Instances' planners driven over a timeline the way their pumps drive them, in 1 ms steps, each with callers
/// always waiting, against one in-memory claims table that storage outages can cut an instance off from. Claims and
/// looks complete at once; sends go out at the step their slot falls due in. Times are Unix ticks on one clock.
/// </summary>
internal sealed class PlannerFleet
{
    public const double Limit = 20;
    public const double Headroom = 0.1;

    public static readonly BudgetTimeline Timeline = new(AfterShipEndpoint.CreateTracking, Limit * (1 - Headroom), TimeSpan.FromMilliseconds(500));

    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan CoolDown = TimeSpan.FromSeconds(6);

    private static readonly long Step = TimeSpan.TicksPerMillisecond;

    private readonly Dictionary<long, string> _table = [];
    private readonly List<Member> _members;
    private readonly Func<int, long, bool> _storageUp;

    /// <param name="instances">How many instances.</param>
    /// <param name="storageUp">Whether instance <c>i</c> reaches storage at a time.</param>
    public PlannerFleet(int instances, Func<int, long, bool> storageUp)
    {
        _storageUp = storageUp;
        _members = [.. Enumerable.Range(0, instances).Select(i => new Member($"i{i:D2}", new BudgetPlanner(Timeline, Limit, Headroom, $"i{i:D2}")))];
    }

    /// <summary>Every send, in order: when, and by which instance.</summary>
    public List<(long At, int Instance)> Sends { get; } = [];

    public IReadOnlyList<BudgetPlanner> Planners => [.. _members.Select(m => m.Planner)];

    public static long Start { get; } = BudgetTimeline.UnixTicks(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public static long At(double seconds) => Start + (long)(seconds * TimeSpan.TicksPerSecond);

    /// <summary>Every instance reads the others' heartbeats (when it reaches storage, unless told it does).</summary>
    public void Heartbeat(long now, bool storageUp = false)
    {
        var names = _members.Select(m => m.Name).ToList();
        for (var i = 0; i < _members.Count; i++)
        {
            if (storageUp || _storageUp(i, now))
            {
                _members[i].Planner.ObserveFleet(names, Local(now));
            }
        }
    }

    /// <summary>Runs from <paramref name="from"/> to <paramref name="to"/>, with a heartbeat every second.</summary>
    public void Run(long from, long to)
    {
        for (var now = from; now < to; now += Step)
        {
            if ((now - from) % TimeSpan.TicksPerSecond == 0)
            {
                Heartbeat(now);
            }

            for (var i = 0; i < _members.Count; i++)
            {
                Advance(i, now);
            }
        }
    }

    /// <summary>The most sends in any 1-second window, wherever it starts.</summary>
    public int MostInAnySecond()
    {
        var at = Sends.Select(s => s.At).Order().ToList();
        var most = 0;
        var first = 0;
        for (var last = 0; last < at.Count; last++)
        {
            while (at[last] - at[first] >= TimeSpan.TicksPerSecond)
            {
                first++;
            }

            most = Math.Max(most, last - first + 1);
        }

        return most;
    }

    /// <summary>Sends per second between two times.</summary>
    public double RateBetween(long from, long to)
        => Sends.Count(s => s.At >= from && s.At < to) / ((double)(to - from) / TimeSpan.TicksPerSecond);

    public static DateTimeOffset Local(long now) => BudgetTimeline.FromUnixTicks(now);

    private void Advance(int i, long now)
    {
        var member = _members[i];
        for (var round = 0; round < 10; round++)
        {
            if (member.Pending is { } due)
            {
                if (due > now)
                {
                    return;
                }

                if (member.Planner.Spend(due, 0))
                {
                    Sends.Add((now, i));
                }

                member.Pending = null;
                continue;
            }

            var decision = member.Planner.Next(now, Local(now), waiting: 50);
            if (decision.Claim is { } request)
            {
                Claim(i, request, now);
            }

            if (decision.Slot is { } slot)
            {
                member.Pending = slot;
            }
            else if (decision.Claim is null)
            {
                return;
            }
        }
    }

    private void Claim(int i, ClaimRequest request, long now)
    {
        var planner = _members[i].Planner;
        if (!_storageUp(i, now))
        {
            planner.StorageFailed(request.Now, Local(now), RetryInterval);
            return;
        }

        if (request.Look)
        {
            Look(i, now);
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (candidate, nextFree) = planner.Candidate(request.Now);
            if (!planner.WithinHorizon(candidate, request.Now))
            {
                return;
            }

            var plan = Timeline.PlanClaim(candidate, request.Now, nextFree);
            var blocks = Enumerable.Range(0, plan.Blocks).Select(b => candidate + b).ToList();
            if (blocks.All(b => !_table.ContainsKey(b)))
            {
                blocks.ForEach(b => _table[b] = _members[i].Name);
                planner.Claimed(candidate, plan, [.. blocks.Select(b => $"etag-{b}")], request.Now);
                planner.Recovered(Local(now), CoolDown);
                return;
            }

            planner.Refused(candidate);
            Look(i, now);
        }

        planner.Recovered(Local(now), CoolDown);
    }

    private void Look(int i, long now)
    {
        var from = Timeline.BlockOf(now);
        var taken = _table.Where(t => t.Key >= from && t.Key < from + BudgetPlanner.ReadAheadBlocks).Select(t => new ClaimedBlock(t.Key, t.Value, false)).ToList();
        _members[i].Planner.Looked(from, taken, Local(now));
    }

    private sealed class Member(string name, BudgetPlanner planner)
    {
        public string Name { get; } = name;

        public BudgetPlanner Planner { get; } = planner;

        public long? Pending { get; set; }
    }
}
