using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace AfterShip.Simulator.Tests;

public sealed class WebhookAndStateTests
{
    [Fact]
    public void Sign_KnownVector_MatchesExpectedSignature()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":"tracking_update"}""");

        Assert.Equal("aeEcSl9m0RlO/0M+UBLvo9iRyy5eIja9KrVXyRcTSA8=", AfterShipSimulator.Sign(body, "test-secret"));
    }

    [Fact]
    public async Task SendWebhookAsync_ToReceiver_DeliversSignedVersionedBodyThatVerifies()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        var tracking = simulator.AddTracking("1Z999AA10123456784", "ups", "OutForDelivery", checkpoints: 3);
        var received = new TaskCompletionSource<(byte[] Body, string? Signature, string? Version, string? ContentType)>(
            TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await StartReceiverAsync(received);

        using var response = await simulator.SendWebhookAsync(
            new Uri(receiver.Urls.First() + "/hooks/aftership"), "whsec-test", tracking.Id, eventId: "3f645f5e-530b-4062-8695-db6a64420af8");
        var (body, signature, version, contentType) = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes("whsec-test"), body));
        Assert.Equal(expected, signature);
        Assert.Equal("2025-01", version);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        var json = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(["event", "event_id", "is_tracking_first_tag", "msg", "ts"], json.Select(p => p.Key));
        Assert.Equal("tracking_update", json["event"]!.GetValue<string>());
        Assert.Equal("3f645f5e-530b-4062-8695-db6a64420af8", json["event_id"]!.GetValue<string>());
        Assert.True(json["is_tracking_first_tag"]!.GetValue<bool>());
        Assert.Equal(tracking.Id, json["msg"]!["id"]!.GetValue<string>());
        Assert.Equal("OutForDelivery", json["msg"]!["tag"]!.GetValue<string>());
        Assert.Equal(3, json["msg"]!["checkpoints"]!.AsArray().Count);
        Assert.True(json["ts"]!.GetValue<long>() > 1_700_000_000);
    }

    [Fact]
    public async Task Advance_WithFrozenClock_AddsCheckpointAndMovesUpdatedAtForwardEachTime()
    {
        var frozen = new FrozenTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var simulator = await AfterShipSimulator.StartAsync(new SimulatorOptions { TimeProvider = frozen });
        var seeded = simulator.AddTracking("1Z999AA10123456784", "ups", checkpoints: 2);

        var first = simulator.Advance(seeded.Id);
        var second = simulator.Advance(seeded.Id, "Delivered", message: "Left at front door");

        Assert.Equal("2025-03-01T12:00:00Z", seeded.UpdatedAt);
        Assert.Equal("2025-03-01T12:00:01Z", first.UpdatedAt);
        Assert.Equal("2025-03-01T12:00:02Z", second.UpdatedAt);
        Assert.Equal([2, 3, 4], new[] { seeded.CheckpointCount, first.CheckpointCount, second.CheckpointCount });
        Assert.Equal("InTransit", first.Tag);
        Assert.Equal("Delivered", second.Tag);
        Assert.Equal("Delivered_001", second.Subtag);
        Assert.False(second.Active);
        var lastCheckpoint = second.ToJson()["checkpoints"]!.AsArray()[^1]!;
        Assert.Equal("Left at front door", lastCheckpoint["message"]!.GetValue<string>());
        Assert.Equal("2025-03-01T12:00:02Z", lastCheckpoint["created_at"]!.GetValue<string>());
        Assert.Equal("InTransit", seeded.Tag);
    }

    [Fact]
    public async Task RemoveTracking_ThenGet_Returns4004()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);
        var tracking = simulator.AddTracking("1Z999AA10123456784", "ups");

        simulator.RemoveTracking(tracking.Id);
        using var response = await client.GetAsync($"trackings/{tracking.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(4004, Http.MetaCode(await Http.EnvelopeAsync(response)));
        Assert.Null(simulator.FindTracking(tracking.Id));
    }

    private static async Task<WebApplication> StartReceiverAsync(
        TaskCompletionSource<(byte[] Body, string? Signature, string? Version, string? ContentType)> received)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var headers = context.Request.Headers;
            received.TrySetResult((
                buffer.ToArray(),
                headers["aftership-hmac-sha256"].ToString(),
                headers["as-webhook-version"].ToString(),
                headers.ContentType.ToString()));
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync();
        return app;
    }

    private sealed class FrozenTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
