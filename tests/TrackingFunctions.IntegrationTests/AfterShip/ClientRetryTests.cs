using System.Net;
using AfterShip.Simulator;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Errors;
using TrackingFunctions.AfterShip.Http;
using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.IntegrationTests.AfterShip;

/// <summary>What the client retries (429, 5xx, timeouts) and what it does not (every other 4xx).</summary>
public sealed class ClientRetryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Get_retries_server_errors_and_returns_the_tracking(int status)
    {
        await using var h = await ClientHarness.StartAsync();
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        h.Simulator.Faults.FailNext(2, status, EndpointKeys.GetTracking);

        var tracking = await h.Client.GetTrackingAsync(seeded.Id, None);

        Assert.Equal(seeded.Id, tracking.Id);
        Assert.Equal(new[] { status, status, 200 }, h.RequestsTo(EndpointKeys.GetTracking).Select(r => r.StatusCode));
        Assert.All(h.Simulator.Requests, r => Assert.True(r.HadValidApiKey));
    }

    [Fact]
    public async Task Create_is_retried_after_a_server_error_too()
    {
        await using var h = await ClientHarness.StartAsync();
        var number = ClientHarness.NewNumber();
        h.Simulator.Faults.FailNext(1, 502, EndpointKeys.CreateTracking);

        var created = await h.Client.CreateTrackingAsync(new CreateTrackingRequest { TrackingNumber = number, Slug = "ups" }, None);

        Assert.Equal(number, created.TrackingNumber);
        var posts = h.RequestsTo(EndpointKeys.CreateTracking);
        Assert.Equal(new[] { 502, 201 }, posts.Select(r => r.StatusCode));
        Assert.Equal(posts[0].Body, posts[1].Body);
    }

    [Fact]
    public async Task Get_retries_an_attempt_that_timed_out_and_returns_the_tracking()
    {
        await using var h = await ClientHarness.StartAsync(new Dictionary<string, string?> { ["AfterShip:AttemptTimeout"] = "00:00:01" });
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        h.Simulator.Faults.TimeoutRate = 1;

        var call = h.Client.GetTrackingAsync(seeded.Id, None);
        await ClientHarness.UntilAsync(() => h.Simulator.CountResponses(SimulatorFaults.ClientClosedRequest) == 1, TimeSpan.FromSeconds(10), "the first attempt to hang");
        h.Simulator.Faults.TimeoutRate = 0;
        var tracking = await call;

        Assert.Equal(seeded.Id, tracking.Id);
        Assert.Equal(new[] { SimulatorFaults.ClientClosedRequest, 200 }, h.RequestsTo(EndpointKeys.GetTracking).Select(r => r.StatusCode));
    }

    [Theory]
    [InlineData(400, HttpStatusCode.BadRequest)]
    [InlineData(401, HttpStatusCode.Unauthorized)]
    [InlineData(403, HttpStatusCode.Forbidden)]
    [InlineData(404, HttpStatusCode.NotFound)]
    [InlineData(4004, HttpStatusCode.NotFound)]
    [InlineData(4008, HttpStatusCode.BadRequest)]
    [InlineData(4015, HttpStatusCode.BadRequest)]
    public async Task Client_errors_are_not_retried(int injected, HttpStatusCode expectedStatus)
    {
        await using var h = await ClientHarness.StartAsync();
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        h.Simulator.Faults.FailNext(1, injected, EndpointKeys.GetTracking);

        var ex = await Assert.ThrowsAnyAsync<AfterShipApiException>(() => h.Client.GetTrackingAsync(seeded.Id, None));

        Assert.Equal(expectedStatus, ex.StatusCode);
        Assert.Equal(injected, ex.MetaCode);
        Assert.False(ex.IsTransient);
        Assert.Single(h.Simulator.Requests);
        Assert.Equal(0, h.App.Get<AfterShipCallMetrics>().Snapshot().Retries);
    }

    [Fact]
    public async Task A_duplicate_create_is_not_retried()
    {
        await using var h = await ClientHarness.StartAsync();
        h.Simulator.Faults.FailNext(1, 4003, EndpointKeys.CreateTracking);

        await Assert.ThrowsAsync<AfterShipAlreadyExistsException>(() =>
            h.Client.CreateTrackingAsync(new CreateTrackingRequest { TrackingNumber = ClientHarness.NewNumber() }, None));

        Assert.Single(h.Simulator.Requests);
    }

    [Fact]
    public async Task Call_metrics_count_every_attempt_every_retry_and_every_429()
    {
        await using var h = await ClientHarness.StartAsync();
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        var metrics = h.App.Get<AfterShipCallMetrics>();
        var before = metrics.Snapshot();
        h.Simulator.Faults.FailNext(1, 500, EndpointKeys.GetTracking);
        h.Simulator.Faults.FailNext(1, 429, EndpointKeys.GetTracking);

        await h.Client.GetTrackingAsync(seeded.Id, None);
        await h.Client.FindTrackingAsync(seeded.TrackingNumber, "ups", None);

        var calls = metrics.Snapshot().Since(before);
        Assert.Equal(new[] { 500, 429, 200 }, h.RequestsTo(EndpointKeys.GetTracking).Select(r => r.StatusCode));
        Assert.Equal(3, calls.Attempts[AfterShipEndpoint.GetTracking]);
        Assert.Equal(1, calls.Attempts[AfterShipEndpoint.ListTrackings]);
        Assert.Equal(2, calls.Retries);
        Assert.Equal(1, calls.RateLimited);
    }
}
