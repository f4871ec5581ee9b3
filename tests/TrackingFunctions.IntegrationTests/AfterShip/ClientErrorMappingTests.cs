using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AfterShip.Simulator;
using Polly.Timeout;
using TrackingFunctions.AfterShip.Errors;
using TrackingFunctions.AfterShip.Models;

namespace TrackingFunctions.IntegrationTests.AfterShip;

/// <summary>How each AfterShip error reaches callers: the exception type, the HTTP status, meta.* and transience.</summary>
public sealed class ClientErrorMappingTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>One retry only, so the "exhausted" cases stay quick.</summary>
    private static readonly Dictionary<string, string?> OneRetry = new() { ["AfterShip:MaxRetryAttempts"] = "1" };

    private static CreateTrackingRequest Create(string number, string? slug = "ups", string? extraJson = null)
        => new()
        {
            TrackingNumber = number,
            Slug = slug,
            AdditionalFields = extraJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(extraJson),
        };

    [Fact]
    public async Task Creating_a_tracking_that_exists_throws_AlreadyExists_with_meta_4003()
    {
        await using var h = await ClientHarness.StartAsync();
        var number = ClientHarness.NewNumber();
        h.Simulator.AddTracking(number, "ups");

        var ex = await Assert.ThrowsAsync<AfterShipAlreadyExistsException>(() => h.Client.CreateTrackingAsync(Create(number), None));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(4003, ex.MetaCode);
        Assert.Equal("BadRequest", ex.MetaType);
        Assert.Equal("Tracking already exists.", ex.MetaMessage);
        Assert.False(ex.IsTransient);
        Assert.Single(h.Simulator.Requests);
    }

    [Fact]
    public async Task Getting_an_unknown_tracking_throws_NotFound_with_HTTP_404_and_meta_4004()
    {
        await using var h = await ClientHarness.StartAsync();

        var ex = await Assert.ThrowsAsync<AfterShipNotFoundException>(() => h.Client.GetTrackingAsync("0123456789abcdef0123456789abcdef", None));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal(4004, ex.MetaCode);
        Assert.Equal("Tracking does not exist.", ex.MetaMessage);
        Assert.False(ex.IsTransient);
        Assert.Single(h.Simulator.Requests);
    }

    [Fact]
    public async Task Delete_and_update_of_a_tracking_AfterShip_forgot_throw_NotFound()
    {
        await using var h = await ClientHarness.StartAsync();
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        h.Simulator.RemoveTracking(seeded.Id);

        await Assert.ThrowsAsync<AfterShipNotFoundException>(() => h.Client.DeleteTrackingAsync(seeded.Id, None));
        await Assert.ThrowsAsync<AfterShipNotFoundException>(() => h.Client.UpdateTrackingAsync(seeded.Id, new UpdateTrackingRequest(), None));
        await Assert.ThrowsAsync<AfterShipNotFoundException>(() => h.Client.RetrackTrackingAsync(seeded.Id, None));
        await Assert.ThrowsAsync<AfterShipNotFoundException>(() => h.Client.MarkTrackingCompletedAsync(seeded.Id, CompletionReason.Lost, None));
    }

    [Fact]
    public async Task A_rejected_api_key_throws_a_non_transient_401_and_is_not_retried()
    {
        await using var h = await ClientHarness.StartAsync();
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        h.SimulatorOptions.ApiKey = "the-key-was-rotated";

        var ex = await Assert.ThrowsAsync<AfterShipApiException>(() => h.Client.GetTrackingAsync(seeded.Id, None));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal(401, ex.MetaCode);
        Assert.Equal("Unauthorized", ex.MetaType);
        Assert.Equal("Invalid API key.", ex.MetaMessage);
        Assert.False(ex.IsTransient);
        var request = Assert.Single(h.Simulator.Requests);
        Assert.False(request.HadValidApiKey);
        Assert.Equal(401, request.StatusCode);
    }

    [Theory]
    [InlineData("!!", null, 4005, "The value of `tracking_number` is invalid.")]
    [InlineData(null, """{"custom_fields":{"erp":42}}""", 4008, "Value of `custom_fields` is invalid.")]
    [InlineData(null, """{"slug_group":"fedex-group"}""", 4008, "Value of `slug` is invalid. `slug` and `slug_group` cannot be sent together.")]
    public async Task A_create_AfterShip_rejects_throws_a_non_transient_error_with_its_meta_code_type_and_message(string? number, string? extraJson, int metaCode, string message)
    {
        await using var h = await ClientHarness.StartAsync();

        var ex = await Assert.ThrowsAsync<AfterShipApiException>(() => h.Client.CreateTrackingAsync(Create(number ?? ClientHarness.NewNumber(), "ups", extraJson), None));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(metaCode, ex.MetaCode);
        Assert.Equal("BadRequest", ex.MetaType);
        Assert.Equal(message, ex.MetaMessage);
        Assert.False(ex.IsTransient);
        Assert.Contains(metaCode.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        Assert.Single(h.Simulator.Requests);
    }

    [Fact]
    public async Task Retracking_an_active_tracking_throws_meta_4013()
    {
        await using var h = await ClientHarness.StartAsync();
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");

        var ex = await Assert.ThrowsAsync<AfterShipApiException>(() => h.Client.RetrackTrackingAsync(seeded.Id, None));

        Assert.Equal(4013, ex.MetaCode);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task A_429_that_outlasts_the_retries_throws_RateLimited_with_the_reset_instant()
    {
        await using var h = await ClientHarness.StartAsync(OneRetry);
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        h.Simulator.Faults.FailNext(2, 429, EndpointKeys.GetTracking);

        var ex = await Assert.ThrowsAsync<AfterShipRateLimitedException>(() => h.Client.GetTrackingAsync(seeded.Id, None));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal(429, ex.MetaCode);
        Assert.Equal("TooManyRequests", ex.MetaType);
        Assert.True(ex.IsTransient);
        var requests = h.RequestsTo(EndpointKeys.GetTracking);
        Assert.Equal(new[] { 429, 429 }, requests.Select(r => r.StatusCode));

        // X-RateLimit-Reset is the end of the 1-second window the last 429 was counted in: a whole Unix second.
        Assert.NotNull(ex.ResetAt);
        var last = requests[^1].At;
        Assert.Equal(0, ex.ResetAt.Value.ToUnixTimeMilliseconds() % 1000);
        Assert.InRange(ex.ResetAt.Value, last, last.AddSeconds(2));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task A_server_error_that_outlasts_the_retries_throws_a_transient_error_with_its_status(int status)
    {
        await using var h = await ClientHarness.StartAsync(OneRetry);
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        h.Simulator.Faults.FailNext(2, status, EndpointKeys.GetTracking);

        var ex = await Assert.ThrowsAsync<AfterShipApiException>(() => h.Client.GetTrackingAsync(seeded.Id, None));

        Assert.IsNotType<AfterShipRateLimitedException>(ex);
        Assert.Equal((HttpStatusCode)status, ex.StatusCode);
        Assert.Equal(status, ex.MetaCode);
        Assert.Equal("InternalError", ex.MetaType);
        Assert.True(ex.IsTransient);
        Assert.Equal(new[] { status, status }, h.RequestsTo(EndpointKeys.GetTracking).Select(r => r.StatusCode));
    }

    [Fact]
    public async Task An_attempt_that_gets_no_answer_times_out_as_a_transient_error_without_a_status()
    {
        await using var h = await ClientHarness.StartAsync(new Dictionary<string, string?>
        {
            ["AfterShip:AttemptTimeout"] = "00:00:01",
            ["AfterShip:MaxRetryAttempts"] = "0",
        });
        var seeded = h.Simulator.AddTracking(ClientHarness.NewNumber(), "ups");
        h.Simulator.Faults.TimeoutRate = 1;
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<AfterShipApiException>(() => h.Client.GetTrackingAsync(seeded.Id, None));

        watch.Stop();
        Assert.Null(ex.StatusCode);
        Assert.Null(ex.MetaCode);
        Assert.True(ex.IsTransient);
        Assert.IsType<TimeoutRejectedException>(ex.InnerException);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        var request = Assert.Single(h.Simulator.Requests);
        Assert.Equal(SimulatorFaults.ClientClosedRequest, request.StatusCode);
    }
}
