using TrackingFunctions.Commands;
using TrackingFunctions.IntegrationTests.Harness;
using Xunit.Abstractions;

namespace TrackingFunctions.IntegrationTests.Commands;

[Collection(RateSensitive.Name)]
public sealed class CommandLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_hundred_creates_enqueued_at_once_finish_with_no_429_and_nothing_lost()
    {
        await using var f = await CommandFixture.StartAsync();
        var ids = Enumerable.Range(0, 200).Select(i => $"load-{i:D3}").ToList();
        await Task.WhenAll(ids.Select(id => f.Queues.SendAsync(
            $$$"""{"action":"create","request_id":"{{{id}}}","tracking":{"tracking_number":"LOAD{{{Guid.NewGuid().ToString("N")[..10].ToUpperInvariant()}}}","slug":"ups"}}""")));
        var started = System.Diagnostics.Stopwatch.StartNew();

        await f.Host.DrainAsync();

        started.Stop();
        var outcomes = await Task.WhenAll(ids.Select(f.OutcomeAsync));
        var creates = f.Simulator.Requests.Count(r => r.Endpoint == "POST /trackings");
        var perSecond = f.Simulator.Requests.Where(r => r.Endpoint == "POST /trackings").GroupBy(r => r.At.ToUnixTimeSeconds()).OrderBy(g => g.Key).Select(g => g.Count()).ToList();
        output.WriteLine("POSTs per aligned second: " + string.Join(' ', perSecond));
        output.WriteLine($"200 creates: {started.Elapsed.TotalSeconds:F1} s, {creates} POSTs, {creates / started.Elapsed.TotalSeconds:F1}/s (limit 20/s), 429s: {f.Simulator.CountResponses(429)}");
        Assert.All(outcomes, o => Assert.Equal(CommandStatus.Succeeded, o?.Status));
        Assert.Equal(0, f.Simulator.CountResponses(429));
        Assert.Equal(200, creates);
    }
}
