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
}
