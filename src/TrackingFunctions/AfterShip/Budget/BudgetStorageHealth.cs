using Microsoft.Extensions.Logging;

namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// One budget's view of whether the claims store answers: tells the planner when claims keep failing (so it runs
/// degraded, or sends nothing while the fleet is unknown) and when storage answers again, and logs each change once.
/// </summary>
/// <remarks>The planner is not thread-safe: every call to it is made under the budget's <paramref name="gate"/>.</remarks>
internal sealed partial class BudgetStorageHealth(Lock gate, BudgetPlanner planner, AfterShipClock clock, RateBudgetOptions options, ILogger logger)
{
    /// <summary>Claims failed since <paramref name="failingSince"/> (Unix ticks, AfterShip time) with <paramref name="ex"/> last.</summary>
    public void StorageFailed(Exception ex, long failingSince)
    {
        bool degraded, entering;
        double rate;
        int instances;
        lock (gate)
        {
            (degraded, entering) = planner.StorageFailed(failingSince, clock.LocalNow, options.DegradedRetryInterval);
            (rate, instances) = (planner.DegradedRate, planner.Instances);
        }

        if (entering && degraded)
        {
            LogDegraded(logger, planner.Timeline.Name, ex.GetType().Name, rate, instances);
        }
        else if (entering)
        {
            LogUnreachable(logger, planner.Timeline.Name, ex.GetType().Name);
        }
    }

    /// <summary>Storage answered a claim (whether or not it had a block to give).</summary>
    public void Recovered()
    {
        bool leaving;
        lock (gate)
        {
            // Another instance degraded by the same outage may send on its share until its own retry.
            leaving = planner.Recovered(clock.LocalNow, options.DegradedRetryInterval + options.StorageTimeout);
        }

        if (leaving)
        {
            LogRecovered(logger, planner.Timeline.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AfterShip rate budget for {Endpoint} is running degraded: coordination storage failed ({Exception}); sending at {Rate:0.##}/s locally (its share of the limit among the {Instances} instance(s) seen at most lately)")]
    private static partial void LogDegraded(ILogger logger, string endpoint, string exception, double rate, int instances);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AfterShip rate budget for {Endpoint} cannot reach coordination storage ({Exception}) and has not yet seen how many instances share the limit; sending nothing until storage answers")]
    private static partial void LogUnreachable(ILogger logger, string endpoint, string exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "AfterShip rate budget for {Endpoint} is shared through storage again")]
    private static partial void LogRecovered(ILogger logger, string endpoint);
}
