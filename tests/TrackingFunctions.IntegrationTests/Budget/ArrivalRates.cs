namespace TrackingFunctions.IntegrationTests.Budget;

/// <summary>Rates of requests as AfterShip saw them arrive, the way the budget's tests and the load harness report them.</summary>
public static class ArrivalRates
{
    /// <summary>Requests per whole Unix second (AfterShip's windows), from the first second with one to the last.</summary>
    public static IReadOnlyList<int> PerSecond(IEnumerable<DateTimeOffset> arrivals)
        => [.. arrivals.GroupBy(at => at.ToUnixTimeSeconds()).OrderBy(g => g.Key).Select(g => g.Count())];

    /// <summary>Requests per second from the first arrival to the last, ramp and tail included.</summary>
    public static double Overall(IReadOnlyList<DateTimeOffset> arrivals)
    {
        if (arrivals.Count < 2)
        {
            return 0;
        }

        var span = arrivals.Max() - arrivals.Min();
        return (arrivals.Count - 1) / span.TotalSeconds;
    }

    /// <summary>
    /// The rate in full swing: the median of the whole seconds between the first and the last (the partial seconds at
    /// either end say when the burst started and ended, not how fast it ran).
    /// </summary>
    public static int FullSwing(IReadOnlyList<int> perSecond)
    {
        var whole = perSecond.Count > 2 ? perSecond.Skip(1).SkipLast(1).Order().ToList() : perSecond.Order().ToList();
        return whole.Count == 0 ? 0 : whole[whole.Count / 2];
    }
}
