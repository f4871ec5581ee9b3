using System.Globalization;
using AfterShip.Simulator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TrackingFunctions.Commands;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.IntegrationTests.Refresh;
using TrackingFunctions.Refresh;
using TrackingFunctions.Storage;
using Xunit.Abstractions;

namespace TrackingFunctions.IntegrationTests.Budget;

/// <summary>The budget shared by different kinds of work, and without its storage. Runs alone (asserts "no 429").</summary>
[Collection(RateSensitive.Name)]
public sealed class BudgetSharingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Refresh_on_one_instance_and_commands_on_two_others_keep_every_limit_with_no_429()
    {
        // AfterShip's real limits: create 20/s, list 6/s, get 5/s.
        await using var fleet = await BudgetFleet.StartAsync(3, createLimit: 20);
        var trackings = Enumerable.Range(0, 60).Select(i => fleet.Simulator.AddTracking("1Z" + i.ToString("D8", CultureInfo.InvariantCulture), "ups")).ToList();
        var seeded = trackings.Select(t => FakeAfterShip.ToTracking(t.ToJson())).ToList();
        for (var i = 0; i < 12; i++)
        {
            // Listed under another number: the refresh falls back to GET by id for these.
            seeded[i] = seeded[i] with { TrackingNumber = "OLD" + seeded[i].TrackingNumber, RawJson = null };
        }

        var past = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-3));
        var seeder = new TrackingStore(fleet.Apps[0].Get<TrackingTables>(), past, NullLogger<TrackingStore>.Instance, fleet.Apps[0].Get<RefreshPolicy>());
        foreach (var tracking in seeded)
        {
            await seeder.ApplyAsync(tracking, TrackingSource.Command, null, CancellationToken.None);
        }

        var ids = await fleet.EnqueueCreatesAsync(80, "mix");
        var refreshing = fleet.Apps[0].Get<TrackingRefresher>().RunAsync(CancellationToken.None);
        var commanding = fleet.DrainAsync(fleet.Apps.Skip(1));
        var summary = await refreshing;
        await commanding;

        var outcomes = await fleet.OutcomesAsync(ids);
        foreach (var endpoint in new[] { EndpointKeys.CreateTracking, EndpointKeys.ListTrackings, EndpointKeys.GetTracking })
        {
            output.WriteLine($"{endpoint} per aligned second: {string.Join(' ', fleet.PerSecond(endpoint))}");
        }

        output.WriteLine($"Refresh: {summary}");
        Assert.All(outcomes, o => Assert.Equal(CommandStatus.Succeeded, o?.Status));
        Assert.Equal(0, fleet.Simulator.CountResponses(429));
        Assert.True(fleet.PerSecond(EndpointKeys.GetTracking).Count > 0, "the refresh should have fallen back to GET by id");
        Assert.All(fleet.PerSecond(EndpointKeys.ListTrackings), n => Assert.InRange(n, 1, 6));
        Assert.All(fleet.PerSecond(EndpointKeys.GetTracking), n => Assert.InRange(n, 1, 5));
    }

    [Fact]
    public async Task Coordination_storage_stopped_mid_burst_sends_on_at_the_degraded_rate_and_every_call_succeeds()
    {
        await using var storage = await RestartableAzurite.StartAsync(tablesOnly: true);
        await using var fleet = await BudgetFleet.StartAsync(1, tablesConnectionString: storage.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["RateBudget:StorageTimeout"] = "00:00:00.300",
            ["RateBudget:DegradedRetryInterval"] = "00:00:01",
        });

        var burst = fleet.CreateDirectlyAsync(300);
        await UntilAsync(() => fleet.OurCreates.Count >= 60);
        await storage.StopAsync();
        await UntilAsync(() => fleet.OurCreates.Count >= 180);
        await storage.RestartAsync();
        await burst;

        var logs = fleet.Apps[0].Logs.GetSnapshot().Where(r => r.Category?.Contains("RateBudget", StringComparison.Ordinal) == true).ToList();
        foreach (var record in logs)
        {
            output.WriteLine($"{record.Level} {record.Message}");
        }

        output.WriteLine($"300 creates at {fleet.CreateThroughput():F1}/s; 429s: {fleet.Our429s}; per second: {string.Join(' ', fleet.PerSecond(EndpointKeys.CreateTracking))}");
        Assert.Equal(300, fleet.OurCreates.Count(r => r.StatusCode == 201 || r.StatusCode == 200));
        Assert.Equal(0, fleet.Our429s);
        Assert.Contains(logs, r => r.Level == LogLevel.Warning && r.Message.Contains("running degraded", StringComparison.Ordinal));
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
