using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Budget;

namespace TrackingFunctions.Tests.AfterShip.Budget;

public sealed class BudgetTimelineTests
{
    [Fact]
    public void A_claim_of_half_a_second_at_the_create_limit_less_headroom_is_nine_slots()
    {
        var timeline = new BudgetTimeline(AfterShipEndpoint.CreateTracking, 18, TimeSpan.FromMilliseconds(500));

        Assert.Equal(9, timeline.SlotsPerBlock);
        Assert.InRange(timeline.Interval, TimeSpan.FromSeconds(1.0 / 18).Ticks, TimeSpan.FromSeconds(1.0 / 18).Ticks + 1);
    }

    [Fact]
    public void No_one_second_window_holds_more_slots_than_the_rate_rounded_up_wherever_it_starts()
    {
        var timeline = new BudgetTimeline(AfterShipEndpoint.GetTracking, 4.5, TimeSpan.FromMilliseconds(500));
        var start = BudgetTimeline.UnixTicks(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero));

        for (var offset = 0L; offset < TimeSpan.TicksPerSecond; offset += TimeSpan.TicksPerMillisecond * 7)
        {
            var from = start + offset;
            Assert.InRange(timeline.SlotsBetween(from, from + TimeSpan.TicksPerSecond - 1), 4, 5);
        }
    }

    [Fact]
    public void A_block_claimed_late_offers_only_its_slots_still_to_come()
    {
        var timeline = new BudgetTimeline(AfterShipEndpoint.CreateTracking, 18, TimeSpan.FromMilliseconds(500));
        var block = 1_000_000L;
        var middle = timeline.BlockStart(block) + (timeline.BlockTicks / 2);

        var slots = timeline.SlotsOf(block, middle).ToList();

        Assert.InRange(slots.Count, 4, 5);
        Assert.All(slots, s => Assert.InRange(s, middle, timeline.BlockStart(block + 1) - 1));
        Assert.Equal(block, timeline.BlockOf(slots[0]));
    }

    [Fact]
    public void Instances_configured_differently_use_different_partitions()
    {
        var a = new BudgetTimeline(AfterShipEndpoint.CreateTracking, 18, TimeSpan.FromMilliseconds(500));
        var b = new BudgetTimeline(AfterShipEndpoint.CreateTracking, 18, TimeSpan.FromMilliseconds(250));

        Assert.NotEqual(a.Partition, b.Partition);
    }

    [Fact]
    public void A_claim_of_the_current_block_mid_interval_offers_the_slot_just_passed_and_leaves_the_next_unused()
    {
        var timeline = new BudgetTimeline(AfterShipEndpoint.CreateTracking, 18, TimeSpan.FromMilliseconds(500));
        var block = 1_000_000L;
        var passed = timeline.BlockStart(block) + (2 * timeline.Interval);
        var now = passed + (timeline.Interval / 3);

        var plan = timeline.PlanClaim(block, now, nextInOneClaim: true);

        Assert.Equal(1, plan.Blocks);
        Assert.Equal(passed, plan.Slots[0]);
        Assert.Equal(passed + timeline.Interval, plan.LeftUnused);
        Assert.DoesNotContain(passed + timeline.Interval, plan.Slots);
        Assert.Equal(passed + (2 * timeline.Interval), plan.Slots[1]);
        Assert.Equal(timeline.SlotsPerBlock - 3, plan.Slots.Count);
    }

    [Fact]
    public void A_claim_during_the_last_slot_of_a_block_takes_the_next_block_too_so_the_slot_left_unused_is_ours()
    {
        var timeline = new BudgetTimeline(AfterShipEndpoint.CreateTracking, 18, TimeSpan.FromMilliseconds(500));
        var block = 1_000_000L;
        var now = timeline.BlockStart(block + 1) - 1;

        var plan = timeline.PlanClaim(block, now, nextInOneClaim: true);

        Assert.Equal(2, plan.Blocks);
        Assert.Equal(timeline.BlockStart(block + 1) - timeline.Interval, plan.Slots[0]);
        Assert.Equal(timeline.BlockStart(block + 1), plan.LeftUnused);
        Assert.Equal(timeline.SlotsPerBlock, plan.Slots.Count);
    }

    [Fact]
    public void Without_the_next_block_in_the_same_claim_the_last_slot_passed_is_not_offered()
    {
        var timeline = new BudgetTimeline(AfterShipEndpoint.CreateTracking, 18, TimeSpan.FromMilliseconds(500));
        var block = 1_000_000L;
        var now = timeline.BlockStart(block + 1) - 1;

        var plan = timeline.PlanClaim(block, now, nextInOneClaim: false);

        Assert.Equal(1, plan.Blocks);
        Assert.Empty(plan.Slots);
        Assert.Null(plan.LeftUnused);
    }

    [Fact]
    public void A_claim_ahead_of_time_offers_its_whole_block_on_time()
    {
        var timeline = new BudgetTimeline(AfterShipEndpoint.CreateTracking, 18, TimeSpan.FromMilliseconds(500));
        var block = 1_000_000L;
        var now = timeline.BlockStart(block) - (timeline.Interval / 2);

        var plan = timeline.PlanClaim(block, now, nextInOneClaim: true);

        Assert.Equal(1, plan.Blocks);
        Assert.Null(plan.LeftUnused);
        Assert.Equal(timeline.SlotsOf(block, now), plan.Slots);
    }

    [Theory]
    [InlineData(18.0)]
    [InlineData(5.4)]
    [InlineData(2.7)]
    [InlineData(0.2)]
    public void Sends_on_a_late_claim_never_come_closer_than_one_interval_to_the_slots_others_hold(double perSecond)
    {
        var timeline = new BudgetTimeline(AfterShipEndpoint.CreateTracking, perSecond, TimeSpan.FromMilliseconds(500));
        var block = 1_000_000L;

        for (var offset = 1L; offset < timeline.BlockTicks; offset += Math.Max(1, timeline.BlockTicks / 97))
        {
            var now = timeline.BlockStart(block) + offset;
            var plan = timeline.PlanClaim(block, now, nextInOneClaim: true);

            // The late slot goes at once; the others on time. Everyone else sends every slot of the blocks around.
            var ours = plan.Slots.Select(s => Math.Max(s, now));
            var theirs = Enumerable.Range(1, 3).SelectMany(i => new[] { block - i, block + plan.Blocks - 1 + i }).SelectMany(b => timeline.SlotsOf(b, long.MinValue));
            var sends = ours.Concat(theirs).Order().ToList();

            Assert.All(sends.Zip(sends.Skip(1)), pair => Assert.True(pair.Second - pair.First >= timeline.Interval, $"sends {pair.First} and {pair.Second} at offset {offset}"));
            Assert.Equal(now, plan.Slots.Count > 0 ? Math.Max(plan.Slots[0], now) : now);
        }
    }
}
