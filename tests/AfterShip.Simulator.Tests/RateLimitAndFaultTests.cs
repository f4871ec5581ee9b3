using System.Globalization;
using System.Net;

namespace AfterShip.Simulator.Tests;

public sealed class RateLimitAndFaultTests
{
    [Fact]
    public async Task Get_FourTimesTheLimitConcurrently_Returns429WithRateLimitHeadersAndNoRetryAfter()
    {
        const int Limit = 3;
        await using var simulator = await AfterShipSimulator.StartAsync(new SimulatorOptions { SingleLimit = Limit });
        using var client = Http.Client(simulator);
        var id = simulator.AddTracking("1Z999AA10123456784", "ups").Id;
        // Warm up connections and JIT on another endpoint so the burst itself is fast.
        using (await client.GetAsync("trackings"))
        {
        }

        await StartOfFreshWindowAsync();
        // Four times the limit: even if a slow machine splits the burst across two windows, one of them is over.
        var responses = await Task.WhenAll(Enumerable.Range(0, 4 * Limit).Select(_ => client.GetAsync($"trackings/{id}")));
        try
        {
            var tooMany = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.NotEmpty(tooMany);
            Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests));
            Assert.Equal(tooMany.Count, simulator.CountResponses(429));
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            foreach (var response in tooMany)
            {
                var envelope = await Http.EnvelopeAsync(response);
                Assert.Equal(429, Http.MetaCode(envelope));
                Assert.Equal("TooManyRequests", Http.MetaType(envelope));
                Assert.Equal(Limit.ToString(CultureInfo.InvariantCulture), Http.Header(response, "X-RateLimit-Limit"));
                Assert.Equal("0", Http.Header(response, "X-RateLimit-Remaining"));
                var reset = long.Parse(Http.Header(response, "X-RateLimit-Reset"), CultureInfo.InvariantCulture);
                Assert.InRange(reset, now - 1, now + 1);
                Assert.Null(response.Headers.RetryAfter);
                Assert.False(response.Headers.Contains("Retry-After"));
            }

            Assert.All(responses, r => Http.Header(r, "X-RateLimit-Reset"));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task FailNext_ForOneEndpoint_FailsOnlyThatEndpointsNextRequests()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);
        var id = simulator.AddTracking("1Z999AA10123456784", "ups").Id;
        simulator.Faults.FailNext(2, 503, "GET /trackings/{id}");

        using var create = await client.PostAsync("trackings", Http.Json("""{"tracking_number":"ABC12345"}"""));
        using var first = await client.GetAsync($"trackings/{id}");
        using var second = await client.GetAsync($"trackings/{id}");
        using var third = await client.GetAsync($"trackings/{id}");
        var failure = await Http.EnvelopeAsync(first);

        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(503, Http.MetaCode(failure));
        Assert.Equal("InternalError", Http.MetaType(failure));
        Assert.Equal([201, 503, 503, 200], simulator.Requests.Select(r => r.StatusCode));
        Assert.Equal(2, simulator.CountResponses(503));
    }

    [Fact]
    public async Task FailNext_429_ServesTooManyRequestsWithExhaustedWindowHeaders()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);
        simulator.Faults.FailNext(1, 429);

        using var limited = await client.GetAsync("trackings");
        using var next = await client.GetAsync("trackings");
        var envelope = await Http.EnvelopeAsync(limited);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("TooManyRequests", Http.MetaType(envelope));
        Assert.Equal("6", Http.Header(limited, "X-RateLimit-Limit"));
        Assert.Equal("0", Http.Header(limited, "X-RateLimit-Remaining"));
        Assert.False(limited.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task TimeoutRate_One_HangsUntilTheClientGivesUpAndRecords499()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);

        // A first, normal request opens the connection and warms the server up; on a busy CI machine a cold first
        // request can take longer than the client's patience and never reach the simulator at all.
        using (await client.GetAsync("trackings"))
        {
        }

        simulator.ClearRequests();
        simulator.Faults.TimeoutRate = 1;
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync("trackings", patience.Token));

        Assert.Equal(499, Assert.Single(simulator.Requests).StatusCode);
    }

    /// <summary>
    /// Windows are whole Unix seconds; starting a burst near the end of one would split it across two windows.
    /// Waits (a computed, not fixed, delay) only when less than 400 ms of the current second remain.
    /// </summary>
    private static async Task StartOfFreshWindowAsync()
    {
        var left = 1000 - DateTimeOffset.UtcNow.Millisecond;
        if (left < 400)
        {
            await Task.Delay(left + 20);
        }
    }
}
