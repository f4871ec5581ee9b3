using Xunit.Abstractions;

namespace TrackingFunctions.Tests.AfterShip.Budget;

/// <summary>Whole timelines of several instances' planners (<see cref="PlannerFleet"/>): no 1-second window over the limit.</summary>
public sealed class BudgetPlannerTimelineTests(ITestOutputHelper output)
{
    public static TheoryData<int> OneToForty => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(OneToForty))]
    public void Instances_all_degraded_from_the_start_of_a_burst_never_put_more_than_the_limit_in_any_second(int instances)
    {
        var fleet = new PlannerFleet(instances, (_, _) => false);
        fleet.Heartbeat(PlannerFleet.At(-5), storageUp: true);

        fleet.Run(PlannerFleet.At(0), PlannerFleet.At(14));

        var rate = fleet.RateBetween(PlannerFleet.At(3), PlannerFleet.At(14));
        output.WriteLine($"{instances} degraded instance(s): at most {fleet.MostInAnySecond()} in any second, {rate:F1}/s together");
        Assert.InRange(fleet.MostInAnySecond(), 1, (int)PlannerFleet.Limit);
        Assert.All(fleet.Planners, p => Assert.True(p.IsDegraded));

        // The shares cover the whole grid: degraded, the fleet still sends at the budget.
        Assert.InRange(rate, 17, 18.5);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(20)]
    [InlineData(40)]
    public void Busy_instances_that_lose_storage_together_and_get_it_back_one_by_one_never_exceed_the_limit(int instances)
    {
        // Up until 3 s; down until 9 s; then back for one instance after another over 4 s (each retries on its own).
        var fleet = new PlannerFleet(instances, (i, now) => now < PlannerFleet.At(3) || now >= PlannerFleet.At(9 + (4.0 * i / instances)));

        fleet.Run(PlannerFleet.At(0), PlannerFleet.At(35));

        var perSecond = fleet.Sends.GroupBy(s => (s.At - PlannerFleet.Start) / TimeSpan.TicksPerSecond).OrderBy(g => g.Key).Select(g => g.Count());
        output.WriteLine($"{instances} instance(s): at most {fleet.MostInAnySecond()} in any second; {fleet.RateBetween(PlannerFleet.At(0), PlannerFleet.At(3)):F1}/s before, {fleet.RateBetween(PlannerFleet.At(6), PlannerFleet.At(9)):F1}/s degraded, {fleet.RateBetween(PlannerFleet.At(25), PlannerFleet.At(35)):F1}/s after");
        output.WriteLine("Per second: " + string.Join(' ', perSecond));
        Assert.InRange(fleet.MostInAnySecond(), 1, (int)PlannerFleet.Limit);
        Assert.InRange(fleet.RateBetween(PlannerFleet.At(6), PlannerFleet.At(9)), 12, 18.5);
        Assert.InRange(fleet.RateBetween(PlannerFleet.At(25), PlannerFleet.At(35)), 12, 18.5);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    public void Instances_that_shrank_in_number_divide_by_the_most_seen_and_stay_under_the_limit(int instances)
    {
        // All were seen; then only the first half are alive when storage fails.
        var survivors = (instances + 1) / 2;
        var remaining = new PlannerFleet(survivors, (_, _) => false);
        foreach (var planner in remaining.Planners)
        {
            planner.ObserveFleet([.. Enumerable.Range(0, instances).Select(i => $"i{i:D2}")], PlannerFleet.Local(PlannerFleet.At(-60)));
            planner.ObserveFleet([.. Enumerable.Range(0, survivors).Select(i => $"i{i:D2}")], PlannerFleet.Local(PlannerFleet.At(-1)));
        }

        remaining.Run(PlannerFleet.At(0), PlannerFleet.At(10));

        Assert.All(remaining.Planners, p => Assert.Equal(instances, p.Instances));
        Assert.InRange(remaining.MostInAnySecond(), 1, (int)Math.Ceiling(PlannerFleet.Limit * survivors / instances) + 1);
    }
}
