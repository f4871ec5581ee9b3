using AfterShip.Simulator;
using TrackingFunctions.Commands;
using TrackingFunctions.IntegrationTests.Commands;
using Xunit.Abstractions;

namespace TrackingFunctions.IntegrationTests.Faults;

/// <summary>A flaky, slow, rate-limiting AfterShip: every command still ends in exactly one recorded outcome.</summary>
public sealed class AfterShipFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Commands_through_server_errors_429_bursts_and_slow_responses_all_succeed_and_none_are_poisoned()
    {
        await using var f = await CommandFixture.StartAsync(settings: new Dictionary<string, string?> { ["AfterShip:MaxRetryAttempts"] = "3" });
        f.Simulator.Faults.Seed = 7;
        f.Simulator.Faults.ServerErrorRate = 0.25;
        f.Simulator.Faults.AddedLatency = TimeSpan.FromMilliseconds(100);
        f.Simulator.Faults.FailNext(8, 429, EndpointKeys.CreateTracking);
        var ids = Enumerable.Range(0, 40).Select(i => $"flaky-{i:D2}").ToList();
        foreach (var id in ids)
        {
            await f.Queues.SendAsync($$$"""{"action":"create","request_id":"{{{id}}}","tracking":{"tracking_number":"FLAKY{{{Guid.NewGuid().ToString("N")[..10].ToUpperInvariant()}}}","slug":"ups"}}""");
        }

        await f.Host.DrainAsync();

        var outcomes = await Task.WhenAll(ids.Select(f.OutcomeAsync));
        var served = f.Simulator.Requests;
        output.WriteLine($"40 creates: {served.Count} requests, {served.Count(r => r.StatusCode >= 500)} answered 5xx, {f.Simulator.CountResponses(429)} answered 429, {f.Host.Failures} queue-level retries, {f.Host.Poisoned} poisoned");
        Assert.All(outcomes, o => Assert.Equal(CommandStatus.Succeeded, o?.Status));
        Assert.Equal(0, f.Host.Poisoned);
        Assert.Equal(0, await f.Queues.PoisonCountAsync());
        Assert.Equal(40, f.Simulator.Trackings.Count);
        Assert.True(served.Any(r => r.StatusCode >= 500), "the fault injection should have produced server errors");
    }
}
