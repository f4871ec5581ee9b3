using System.Diagnostics;
using AfterShip.Simulator;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Http;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.IntegrationTests.Harness;
using Xunit.Abstractions;

namespace TrackingFunctions.IntegrationTests.AfterShip;

/// <summary>
/// The client's per-endpoint limiters against the simulator's 1-second windows, in real time. These assert "no 429"
/// and timings, so they run alone (see <see cref="RateSensitive"/>).
/// </summary>
[Collection(RateSensitive.Name)]
public sealed class ClientRateLimitTests(ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Requests per whole Unix second, the windows AfterShip (and the simulator) count in.</summary>
    private static IReadOnlyList<(long Second, int Count)> PerSecond(IEnumerable<RecordedRequest> requests)
        => [.. requests.GroupBy(r => r.At.ToUnixTimeSeconds()).OrderBy(g => g.Key).Select(g => (g.Key, g.Count()))];

    [Fact]
    public async Task A_burst_of_50_GETs_meets_no_429_and_takes_no_less_than_the_rate_allows()
    {
        await using var h = await ClientHarness.StartAsync();
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        var options = h.App.Get<Microsoft.Extensions.Options.IOptions<AfterShipOptions>>().Value;
        var rate = AfterShipRateLimiters.EffectiveRate(options, AfterShipEndpoint.GetTracking);
        Assert.Equal(4.5, rate, 6);

        var watch = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => h.Client.GetTrackingAsync(seeded.Id, None)));
        watch.Stop();

        var gets = h.RequestsTo(EndpointKeys.GetTracking);
        var perSecond = PerSecond(gets);
        var minimum = TimeSpan.FromSeconds((50 - 1) / rate);
        output.WriteLine($"50 GETs in {watch.Elapsed.TotalSeconds:0.000} s (rate allows no less than {minimum.TotalSeconds:0.000} s); 429s: {h.Simulator.CountResponses(429)}");
        output.WriteLine("Requests per aligned second: " + string.Join(", ", perSecond.Select(s => $"{s.Second}:{s.Count}")));
        output.WriteLine($"First to last arrival: {(gets[^1].At - gets[0].At).TotalSeconds:0.000} s");

        Assert.All(results, t => Assert.Equal(seeded.Id, t.Id));
        Assert.Equal(0, h.Simulator.CountResponses(429));
        Assert.Equal(50, gets.Count);
        Assert.All(gets, r => Assert.Equal(200, r.StatusCode));
        Assert.All(perSecond, s => Assert.InRange(s.Count, 1, 5));
        Assert.True(watch.Elapsed >= minimum, $"50 GETs took {watch.Elapsed.TotalSeconds:0.000} s, less than the {minimum.TotalSeconds:0.000} s that {rate}/s allows.");
    }

    [Fact]
    public async Task After_an_idle_spell_requests_still_go_out_no_closer_than_one_interval_apart()
    {
        await using var h = await ClientHarness.StartAsync();
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        var interval = h.App.Get<AfterShipRateLimiters>().Interval(AfterShipEndpoint.GetTracking);
        await h.WarmUpAsync();

        // The first of two concurrent GETs takes whatever permit is banked; the second is sent when the next is due.
        await Task.WhenAll(h.Client.GetTrackingAsync(seeded.Id, None), h.Client.GetTrackingAsync(seeded.Id, None));
        var due = h.RequestsTo(EndpointKeys.GetTracking)[1].At;

        // The scenario itself: the endpoint stays idle for two and a half intervals, then two calls arrive together.
        // AfterShip counts whole seconds it does not tell us the phase of, so the second call must still wait a full
        // interval after the first; a banked permit plus a refill due sooner would squeeze two into less than that.
        var idleUntil = due + interval * 2.5;
        await Task.Delay(idleUntil - DateTimeOffset.UtcNow);
        await Task.WhenAll(h.Client.GetTrackingAsync(seeded.Id, None), h.Client.GetTrackingAsync(seeded.Id, None));

        var gets = h.RequestsTo(EndpointKeys.GetTracking);
        var gaps = gets.Zip(gets.Skip(1), (a, b) => b.At - a.At).ToList();
        output.WriteLine($"Interval {interval.TotalMilliseconds:0.0} ms; gaps between arrivals: {string.Join(", ", gaps.Select(g => $"{g.TotalMilliseconds:0.0} ms"))}");
        Assert.Equal(4, gets.Count);

        // Permits leave the client exactly one interval apart, but arrivals jitter by the loopback hop and the thread
        // pool; a tenth of the interval covers that. A banked permit plus an early refill came out 100+ ms short.
        var tolerance = interval / 10;
        Assert.True(gaps[0] >= interval - tolerance, $"The first two GETs arrived {gaps[0].TotalMilliseconds:0.0} ms apart; the interval is {interval.TotalMilliseconds:0.0} ms.");
        Assert.True(gaps[2] >= interval - tolerance, $"After the idle spell, two GETs arrived {gaps[2].TotalMilliseconds:0.0} ms apart; the interval is {interval.TotalMilliseconds:0.0} ms.");
    }

    [Fact]
    public async Task Get_retries_a_429_after_the_window_resets_and_succeeds()
    {
        await using var h = await ClientHarness.StartAsync();
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        h.Simulator.Faults.FailNext(2, 429, EndpointKeys.GetTracking);

        var tracking = await h.Client.GetTrackingAsync(seeded.Id, None);

        Assert.Equal(seeded.Id, tracking.Id);
        var gets = h.RequestsTo(EndpointKeys.GetTracking);
        output.WriteLine(string.Join(", ", gets.Select(r => $"{r.StatusCode} at {r.At:HH:mm:ss.fff}")));
        Assert.Equal(new[] { 429, 429, 200 }, gets.Select(r => r.StatusCode));
        for (var i = 1; i < gets.Count; i++)
        {
            // The 429 said X-RateLimit-Reset = the end of the second it was counted in.
            var reset = DateTimeOffset.FromUnixTimeSeconds(gets[i - 1].At.ToUnixTimeSeconds() + 1);
            Assert.True(gets[i].At >= reset, $"Retry {i} arrived at {gets[i].At:HH:mm:ss.fff}, before the window reset at {reset:HH:mm:ss.fff}.");
        }
    }

    [Fact]
    public async Task A_retry_waits_for_a_permit_of_its_own()
    {
        await using var h = await ClientHarness.StartAsync(new Dictionary<string, string?>
        {
            ["AfterShip:RateLimits:GetTracking"] = "2",
            ["AfterShip:RetryBaseDelay"] = "00:00:00.001",
        });
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        var interval = h.App.Get<AfterShipRateLimiters>().Interval(AfterShipEndpoint.GetTracking);
        await h.WarmUpAsync();
        h.Simulator.Faults.FailNext(1, 500, EndpointKeys.GetTracking);

        await h.Client.GetTrackingAsync(seeded.Id, None);

        var gets = h.RequestsTo(EndpointKeys.GetTracking);
        Assert.Equal(new[] { 500, 200 }, gets.Select(r => r.StatusCode));
        var gap = gets[1].At - gets[0].At;
        output.WriteLine($"Backoff ~1 ms, interval {interval.TotalMilliseconds:0} ms, retry after {gap.TotalMilliseconds:0.0} ms");
        // Without a permit of its own the retry would follow the ~1 ms backoff; a tenth of the interval is arrival jitter.
        Assert.True(gap >= interval - (interval / 10), $"The retry went out {gap.TotalMilliseconds:0.0} ms after the first attempt; the endpoint's interval is {interval.TotalMilliseconds:0} ms.");
    }

    [Fact]
    public async Task A_queue_of_GETs_does_not_slow_a_create_or_a_list()
    {
        await using var h = await ClientHarness.StartAsync(new Dictionary<string, string?> { ["AfterShip:RateLimits:GetTracking"] = "0.5" });
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        var getInterval = h.App.Get<AfterShipRateLimiters>().Interval(AfterShipEndpoint.GetTracking);
        using var stopGets = new CancellationTokenSource();
        var gets = Enumerable.Range(0, 4).Select(_ => h.Client.GetTrackingAsync(seeded.Id, stopGets.Token)).ToList();
        await ClientHarness.UntilAsync(() => h.RequestsTo(EndpointKeys.GetTracking).Count == 1, TimeSpan.FromSeconds(5), "the first GET");

        var watch = Stopwatch.StartNew();
        var created = await h.Client.CreateTrackingAsync(new CreateTrackingRequest { TrackingNumber = ClientHarness.NewNumber(), Slug = "ups" }, None);
        var listed = await h.Client.ListTrackingsAsync(new ListTrackingsQuery { Limit = 1 }, None);
        watch.Stop();

        var stillQueued = gets.Skip(1).Count(g => !g.IsCompleted);
        output.WriteLine($"Create and list took {watch.Elapsed.TotalMilliseconds:0} ms while {stillQueued} GETs waited (GET interval {getInterval.TotalMilliseconds:0} ms)");
        Assert.NotNull(created.Id);
        Assert.Single(listed.Trackings);
        Assert.Equal(3, stillQueued);
        Assert.True(watch.Elapsed < getInterval / 2, $"Create and list took {watch.Elapsed.TotalMilliseconds:0} ms behind a GET queue.");

        await stopGets.CancelAsync();
        foreach (var get in gets.Skip(1))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => get);
        }

        Assert.Single(h.RequestsTo(EndpointKeys.GetTracking));
    }
}
