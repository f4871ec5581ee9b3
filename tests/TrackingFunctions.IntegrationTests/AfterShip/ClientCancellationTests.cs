using System.Diagnostics;
using AfterShip.Simulator;
using Microsoft.Extensions.Logging;
using Polly.Timeout;
using TrackingFunctions.AfterShip.Errors;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.AfterShip;

/// <summary>
/// A call that is waiting (for a permit or between retries) gives up as soon as its caller cancels, or when the
/// total timeout passes. These assert timings, so they run alone.
/// </summary>
[Collection(RateSensitive.Name)]
public sealed class ClientCancellationTests
{
    /// <summary>Generous for a machine under load, yet far below the waits being cancelled (5+ s).</summary>
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_call_waiting_for_a_permit_honours_its_cancellation_token()
    {
        // 0.2/s less the headroom: the next GET permit is 5.6 s away.
        await using var h = await ClientHarness.StartAsync(new Dictionary<string, string?> { ["AfterShip:RateLimits:GetTracking"] = "0.2" });
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        await h.Client.GetTrackingAsync(seeded.Id, CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var waiting = h.Client.GetTrackingAsync(seeded.Id, cts.Token);
        Assert.False(waiting.IsCompleted);
        var watch = Stopwatch.StartNew();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.True(watch.Elapsed < Quickly, $"Cancellation took {watch.Elapsed.TotalMilliseconds:0} ms.");
        Assert.Single(h.RequestsTo(EndpointKeys.GetTracking));
    }

    [Fact]
    public async Task A_call_waiting_to_retry_honours_its_cancellation_token()
    {
        await using var h = await ClientHarness.StartAsync(new Dictionary<string, string?> { ["AfterShip:RetryBaseDelay"] = "00:00:30" });
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        h.Simulator.Faults.FailNext(1, 503, EndpointKeys.GetTracking);
        using var cts = new CancellationTokenSource();

        var waiting = h.Client.GetTrackingAsync(seeded.Id, cts.Token);

        // The pipeline logs the retry, with its delay, just before it starts waiting.
        await ClientHarness.UntilAsync(
            () => h.App.Logs.GetSnapshot().Any(r => r.Level == LogLevel.Warning && r.Message.Contains("retry 1", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(5),
            "the retry to be scheduled");
        Assert.False(waiting.IsCompleted);
        var watch = Stopwatch.StartNew();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.True(watch.Elapsed < Quickly, $"Cancellation took {watch.Elapsed.TotalMilliseconds:0} ms.");
        Assert.Equal(new[] { 503 }, h.RequestsTo(EndpointKeys.GetTracking).Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_call_that_cannot_get_a_permit_within_the_total_timeout_fails_as_transient()
    {
        await using var h = await ClientHarness.StartAsync(new Dictionary<string, string?>
        {
            ["AfterShip:RateLimits:GetTracking"] = "0.2",
            ["AfterShip:AttemptTimeout"] = "00:00:01",
            ["AfterShip:TotalTimeout"] = "00:00:01",
        });
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        await h.Client.GetTrackingAsync(seeded.Id, CancellationToken.None);
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<AfterShipApiException>(() => h.Client.GetTrackingAsync(seeded.Id, CancellationToken.None));

        watch.Stop();
        Assert.Null(ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.IsType<TimeoutRejectedException>(ex.InnerException);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(1) + Quickly);
        Assert.Single(h.RequestsTo(EndpointKeys.GetTracking));
    }
}
