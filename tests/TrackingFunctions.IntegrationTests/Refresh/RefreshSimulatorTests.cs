using System.Diagnostics;
using System.Globalization;
using AfterShip.Simulator;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Http;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Refresh;
using TrackingFunctions.Storage;
using Xunit.Abstractions;

namespace TrackingFunctions.IntegrationTests.Refresh;

/// <summary>
/// The refresh job against the AfterShip simulator, in real time: the client's rate limiters and the simulator's
/// 1-second windows both run on the wall clock, so the app keeps the system TimeProvider here.
/// </summary>
[Collection(TimedRefreshTests.Name)]
public sealed class RefreshSimulatorTests(ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>
    /// Stores the trackings as if first seen three hours ago, through a store on a clock set back: their next refresh
    /// (two hours later, ±10%) has passed, so they are due now, without waiting and without touching the app's clock.
    /// </summary>
    private static async Task SeedDueAsync(TestApp app, IEnumerable<Tracking> trackings)
    {
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-3));
        var store = new TrackingStore(app.Get<TrackingTables>(), past, NullLogger<TrackingStore>.Instance, app.Get<RefreshPolicy>());
        await Parallel.ForEachAsync(trackings, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (tracking, token) =>
            await store.ApplyAsync(tracking, TrackingSource.Command, null, token));
    }

    private static Tracking Stored(SimulatedTracking tracking) => FakeAfterShip.ToTracking(tracking.ToJson());

    [Fact]
    public async Task Trackings_are_refreshed_fifty_per_list_call_with_fallback_by_id_and_4004_marks_them_gone()
    {
        await using var simulator = await AfterShipSimulator.StartAsync(new SimulatorOptions { ApiKey = TestApp.ApiKey });
        await using var app = await TestApp.StartAsync(afterShipBaseUrl: simulator.BaseUrl);
        var trackings = Enumerable.Range(0, 60)
            .Select(i => simulator.AddTracking("1Z" + i.ToString("D8", CultureInfo.InvariantCulture), i % 2 == 0 ? "ups" : "fedex"))
            .ToList();
        var renumbered = trackings[7];
        var removed = trackings[8];
        var seeded = trackings.Select(Stored).ToList();

        // Our copy of one tracking carries a number AfterShip does not list it under: only GET by id finds it.
        seeded[7] = seeded[7] with { TrackingNumber = "OLD" + renumbered.TrackingNumber, RawJson = null };
        await SeedDueAsync(app, seeded);
        simulator.RemoveTracking(removed.Id);
        foreach (var tracking in trackings.Take(5))
        {
            simulator.Advance(tracking.Id, "OutForDelivery");
        }

        simulator.ClearRequests();

        var summary = await app.Get<TrackingRefresher>().RunAsync(None);

        Assert.Equal(2, simulator.Requests.Count(r => r.Endpoint == "GET /trackings"));
        var gets = simulator.Requests.Where(r => r.Endpoint == "GET /trackings/{id}").Select(r => r.Path.Split('/')[^1]);
        Assert.Equal(new[] { removed.Id, renumbered.Id }.Order(StringComparer.Ordinal), gets.Order(StringComparer.Ordinal));
        Assert.Equal(0, simulator.CountResponses(429));
        Assert.Equal(60, summary.Due);
        Assert.Equal(59, summary.Refreshed);
        Assert.Equal(5, summary.Changed);
        Assert.Equal(1, summary.Gone);
        Assert.True((await app.Get<ITrackingStore>().GetAsync(removed.Id, None))!.Gone);
        Assert.Equal(renumbered.TrackingNumber, (await app.Get<ITrackingStore>().GetAsync(renumbered.Id, None))!.TrackingNumber);
        Assert.Equal("OutForDelivery", (await app.Get<ITrackingStore>().GetAsync(trackings[0].Id, None))!.Tag);
    }

    [Fact]
    public async Task One_thousand_due_trackings_are_refreshed_with_no_429s_in_close_to_the_time_the_limits_allow()
    {
        // A private Azurite: the figure measures this pass, not the other test classes' storage traffic.
        await using var azurite = await Azurite.StartAsync();
        await using var simulator = await AfterShipSimulator.StartAsync(new SimulatorOptions { ApiKey = TestApp.ApiKey });
        await using var app = await TestApp.StartAsync(afterShipBaseUrl: simulator.BaseUrl, tablesConnectionString: azurite.ConnectionString);
        var slugs = new[] { "ups", "fedex", "dhl", "usps" };
        var trackings = Enumerable.Range(0, 1000)
            .Select(i => simulator.AddTracking("T" + i.ToString("D9", CultureInfo.InvariantCulture), slugs[i % slugs.Length]))
            .ToList();
        await SeedDueAsync(app, trackings.Select(Stored));
        foreach (var tracking in trackings.Where((_, i) => i % 10 == 0))
        {
            simulator.Advance(tracking.Id);
        }

        simulator.ClearRequests();
        var options = app.Get<IOptions<AfterShipOptions>>().Value;
        var rate = AfterShipRateLimiters.EffectiveRate(options, AfterShipEndpoint.ListTrackings);

        var clock = Stopwatch.StartNew();
        var summary = await app.Get<TrackingRefresher>().RunAsync(None);
        clock.Stop();

        var lists = simulator.Requests.Where(r => r.Endpoint == "GET /trackings").ToList();
        var gets = simulator.Requests.Count(r => r.Endpoint == "GET /trackings/{id}");
        var minimum = TimeSpan.FromSeconds((lists.Count - 1) / rate);
        var callSpan = lists[^1].At - lists[0].At;
        // AfterShip (and the simulator) count requests in fixed windows of whole Unix seconds.
        var busiestSecond = lists.GroupBy(r => r.At.ToUnixTimeSeconds()).Max(g => g.Count());
        output.WriteLine(
            $"1,000 due trackings: {clock.Elapsed.TotalSeconds:F2} s in the run ({summary.Duration.TotalSeconds:F2} s by its own clock); " +
            $"{lists.Count} GET /trackings, {gets} GET /trackings/{{id}}, {simulator.CountResponses(429)} 429s; " +
            $"theoretical minimum {minimum.TotalSeconds:F2} s ({lists.Count} calls at {rate:F1}/s = 6/s less {options.RateLimitHeadroom:P0} headroom; " +
            $"{(lists.Count - 1) / 6.0:F2} s at the raw 6/s); busiest 1-second window: {busiestSecond} list calls; " +
            $"first to last list call {callSpan.TotalSeconds:F2} s; refreshed {summary.Refreshed}, changed {summary.Changed}, retries {summary.Retries}.");

        Assert.Equal(0, simulator.CountResponses(429));
        Assert.Equal(20, lists.Count);
        Assert.Equal(0, gets);
        Assert.Equal(1000, summary.Refreshed);
        Assert.Equal(100, summary.Changed);
        Assert.True(busiestSecond <= 6, $"{busiestSecond} list calls within one second");
        Assert.True(callSpan >= minimum - TimeSpan.FromSeconds(0.5), $"20 list calls in {callSpan}: faster than the limiter allows ({minimum})");

        // Storage work (about four Azurite round trips per tracking, 4,000 in all) overlaps the calls. On a quiet machine
        // the pass takes about 2 s more than the limits allow; the bound leaves room for a loaded one (Azurite is one
        // single-threaded process), while the checks above pin what the limits themselves govern.
        Assert.True(clock.Elapsed < minimum + TimeSpan.FromSeconds(12), $"took {clock.Elapsed}, the limits allow {minimum}");
    }
}

/// <summary>Timed tests run on their own, after the parallel ones, so their figures are not other tests' load.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedRefreshTests
{
    public const string Name = "Timed refresh";
}
