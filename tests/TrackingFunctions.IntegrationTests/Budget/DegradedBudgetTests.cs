using AfterShip.Simulator;
using Microsoft.Extensions.Logging;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Budget;
using TrackingFunctions.Commands;
using TrackingFunctions.IntegrationTests.Harness;
using Xunit.Abstractions;

namespace TrackingFunctions.IntegrationTests.Budget;

/// <summary>
/// Degraded mode against the simulator's strict 1-second windows at AfterShip's create limit (20/s), with the budget's
/// coordination storage frozen or slowed while the queue and the trackings' tables keep answering. These assert "no
/// 429", so they run alone (see <see cref="RateSensitive"/>).
/// </summary>
[Collection(RateSensitive.Name)]
public sealed class DegradedBudgetTests(ITestOutputHelper output)
{
    private const int Limit = 20;

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    public async Task Instances_all_forced_into_degraded_mode_at_the_start_of_a_burst_stay_within_the_limit_and_every_command_succeeds(int instances)
    {
        await using var coordination = await CoordinationStorage.StartAsync();
        await using var fleet = await BudgetFleet.StartAsync(instances, createLimit: Limit, services: coordination.Use, settings: new Dictionary<string, string?>
        {
            ["RateBudget:StorageTimeout"] = "00:00:00.200",
            ["RateBudget:ClaimAttempts"] = "2",
            ["RateBudget:HeartbeatInterval"] = "00:00:01",
        });
        var budgets = fleet.Apps.Select(a => a.Get<AfterShipRateBudget>().For(AfterShipEndpoint.CreateTracking)).ToList();
        await UntilAsync(() => budgets.All(b => b.KnownInstances == instances), TimeSpan.FromSeconds(60));
        // Enough for every instance's queue host to be busy while storage is frozen.
        var ids = await fleet.EnqueueCreatesAsync(25 * instances, "d" + instances);

        await coordination.Azurite.PauseAsync();
        try
        {
            var draining = fleet.DrainAsync();

            // Frozen until every instance has gone degraded and together they have sent two seconds' worth of the
            // limit that way: enough for the per-second counts below to be degraded mode's.
            var frozen = System.Diagnostics.Stopwatch.StartNew();
            var before = fleet.OurCreates.Count;
            await UntilAsync(() => budgets.All(b => b.IsDegraded) && fleet.OurCreates.Count - before >= 2 * Limit, TimeSpan.FromSeconds(60));
            output.WriteLine($"All {instances} degraded and {fleet.OurCreates.Count - before} creates sent after {frozen.Elapsed.TotalSeconds:F1} s frozen");
            await coordination.Azurite.ResumeAsync();
            await draining;
        }
        finally
        {
            await coordination.Azurite.ResumeAsync();
        }

        var outcomes = await fleet.OutcomesAsync(ids);
        var perSecond = fleet.PerSecond(EndpointKeys.CreateTracking);
        output.WriteLine($"{instances} instance(s): creates per aligned second {string.Join(' ', perSecond)}; our 429s {fleet.Our429s}");
        foreach (var (app, i) in fleet.Apps.Select((a, i) => (a, i)))
        {
            foreach (var record in app.Logs.GetSnapshot().Where(r => r.Category?.Contains("RateBudget", StringComparison.Ordinal) == true && r.Level >= LogLevel.Information))
            {
                output.WriteLine($"  instance {i}: {record.Level} {record.Message}");
            }
        }

        Assert.All(outcomes, o => Assert.Equal(CommandStatus.Succeeded, o?.Status));
        Assert.Equal(0, fleet.Our429s);
        Assert.All(perSecond, n => Assert.InRange(n, 1, Limit));
        Assert.All(fleet.Apps, app => Assert.Contains(app.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("running degraded", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_claim_delayed_2_s_is_waited_for_and_does_not_degrade_the_instance()
    {
        await using var coordination = await CoordinationStorage.StartAsync();
        await using var fleet = await BudgetFleet.StartAsync(1, createLimit: Limit, services: coordination.Use, settings: new Dictionary<string, string?>
        {
            // The production defaults: 1 s for the first attempt, then 2 s, then 4 s.
            ["RateBudget:StorageTimeout"] = "00:00:01",
            ["RateBudget:ClaimAttempts"] = "3",
        });
        coordination.ClaimDelay = TimeSpan.FromSeconds(2);

        try
        {
            await fleet.CreateDirectlyAsync(20, concurrencyPerInstance: 4);
        }
        finally
        {
            output.WriteLine($"20 creates; our 429s {fleet.Our429s}; per aligned second {string.Join(' ', fleet.PerSecond(EndpointKeys.CreateTracking))}");
            foreach (var record in fleet.Apps[0].Logs.GetSnapshot().Where(r => r.Category?.Contains("RateBudget", StringComparison.Ordinal) == true))
            {
                output.WriteLine($"  {record.Timestamp:HH:mm:ss.fff} {record.Level} {record.Message} {record.Exception?.GetType().Name} {record.Exception?.Message}");
            }
        }

        var logs = fleet.Apps[0].Logs.GetSnapshot().Where(r => r.Category?.Contains("RateBudget", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(20, fleet.OurCreates.Count(r => r.StatusCode is 200 or 201));
        Assert.Equal(0, fleet.Our429s);
        Assert.Contains(logs, r => r.Message.Contains("claim attempt 1 failed", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, r => r.Message.Contains("running degraded", StringComparison.Ordinal));
        Assert.False(fleet.Apps[0].Get<AfterShipRateBudget>().For(AfterShipEndpoint.CreateTracking).IsDegraded);
    }

    private static async Task UntilAsync(Func<bool> condition, TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
