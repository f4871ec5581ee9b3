using System.Globalization;

namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// One endpoint's send slots on AfterShip's clock: slot <c>n</c> is due <c>n × Interval</c> after the Unix epoch, so
/// any 1-second window holds at most <c>ceil(rate)</c> of them wherever its edges fall, and every instance numbers
/// the same slots the same way. Slots are grouped in blocks of <see cref="SlotsPerBlock"/>; a block is what one
/// claim reserves.
/// </summary>
internal sealed class BudgetTimeline
{
    public BudgetTimeline(AfterShipEndpoint endpoint, double perSecond, TimeSpan claimSpan)
        : this(endpoint.ToString(), perSecond, claimSpan)
    {
        Endpoint = endpoint;
    }

    /// <summary>A timeline for a rate that is not an AfterShip endpoint's (the shopper emails' SMTP rate), by name.</summary>
    public BudgetTimeline(string name, double perSecond, TimeSpan claimSpan)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Interval = (long)Math.Ceiling(TimeSpan.TicksPerSecond / perSecond);
        SlotsPerBlock = (int)Math.Clamp(Math.Round(claimSpan.Ticks / (double)Interval), 1, 100);
        BlockTicks = Interval * SlotsPerBlock;

        // Instances configured differently must not read each other's blocks as their own numbering.
        Partition = string.Create(CultureInfo.InvariantCulture, $"{name}-{Interval}-{SlotsPerBlock}");
    }

    public AfterShipEndpoint Endpoint { get; }

    /// <summary>What the slots are for, in logs and the claims' partition: the endpoint, or the named rate.</summary>
    public string Name { get; }

    /// <summary>Ticks between two slots.</summary>
    public long Interval { get; }

    public int SlotsPerBlock { get; }

    public long BlockTicks { get; }

    /// <summary>The table partition holding this endpoint's claims.</summary>
    public string Partition { get; }

    /// <summary>Ticks since the Unix epoch of an instant.</summary>
    public static long UnixTicks(DateTimeOffset instant) => instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;

    public static DateTimeOffset FromUnixTicks(long ticks) => new(DateTimeOffset.UnixEpoch.UtcTicks + ticks, TimeSpan.Zero);

    /// <summary>The block that contains an instant (Unix ticks).</summary>
    public long BlockOf(long unixTicks) => unixTicks / BlockTicks;

    public long BlockStart(long block) => block * BlockTicks;

    /// <summary>The due times (Unix ticks) of a block's slots, from <paramref name="notBefore"/> on.</summary>
    public IEnumerable<long> SlotsOf(long block, long notBefore)
    {
        var start = BlockStart(block);
        for (var i = 0; i < SlotsPerBlock; i++)
        {
            var slot = start + (i * Interval);
            if (slot >= notBefore)
            {
                yield return slot;
            }
        }
    }

    /// <summary>
    /// What a claim from <paramref name="candidate"/> on gives a caller waiting at <paramref name="now"/>. When the
    /// block is the current one, the slot that has just passed may still be sent on, late: it then comes closer than one
    /// interval to the slot after it, so that next slot is left unused, and it must be ours too (claimed with the next
    /// block when it opens that block, if <paramref name="nextInOneClaim"/> allows). Kept that way, no two sends in the
    /// deployment come closer than one interval, which keeps every 1-second window within the limit; and a call on an
    /// idle endpoint waits only for its claim, not for the next slot.
    /// </summary>
    public ClaimPlan PlanClaim(long candidate, long now, bool nextInOneClaim)
    {
        var passed = SlotAt(now);
        if (candidate != BlockOf(now) || passed == now || (BlockOf(passed + Interval) != candidate && !nextInOneClaim))
        {
            return new ClaimPlan(1, [.. SlotsOf(candidate, now)], null);
        }

        var unused = passed + Interval;
        var blocks = BlockOf(unused) == candidate ? 1 : 2;
        var slots = Enumerable.Range(0, blocks).SelectMany(i => SlotsOf(candidate + i, now)).Where(s => s != unused);
        return new ClaimPlan(blocks, [passed, .. slots], unused);
    }

    /// <summary>The last slot due at or before an instant (Unix ticks).</summary>
    public long SlotAt(long unixTicks) => FloorDiv(unixTicks, Interval) * Interval;

    /// <summary>How many slots fall in [from, to] (Unix ticks).</summary>
    public long SlotsBetween(long from, long to)
        => to < from ? 0 : FloorDiv(to, Interval) - FloorDiv(from - 1, Interval);

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
