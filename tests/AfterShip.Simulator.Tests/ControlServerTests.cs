using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AfterShip.Simulator.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace AfterShip.Simulator.Tests;

/// <summary>The stand-alone simulator's control endpoint: seed, advance, and a signed webhook to the configured URL.</summary>
public sealed class ControlServerTests
{
    private const string Secret = "local-webhook-secret";

    [Fact]
    public async Task Advance_MovesTheTracking_AndDeliversASignedWebhookWithTheNewState()
    {
        var received = new TaskCompletionSource<(byte[] Body, string Signature)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await StartReceiverAsync(received);
        await using var simulator = await AfterShipSimulator.StartAsync();
        await using var control = await ControlServer.StartAsync(
            simulator, new IPEndPoint(IPAddress.Loopback, 0), new Uri(receiver.Urls.First() + "/api/webhooks/aftership"), Secret);
        using var client = new HttpClient { BaseAddress = control.BaseUrl };

        using var seeded = await client.PostAsync("trackings", Http.Json("""{"tracking_number":"1Z999AA10123456784","slug":"ups"}"""));
        var id = JsonNode.Parse(await seeded.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        using var advanced = await client.PostAsync($"trackings/{id}/advance", Http.Json("""{"tag":"Delivered"}"""));
        var (body, signature) = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.Created, seeded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
        var answer = JsonNode.Parse(await advanced.Content.ReadAsStringAsync())!;
        Assert.Equal("Delivered", answer["tag"]!.GetValue<string>());
        Assert.Equal(200, answer["webhook"]!["status"]!.GetValue<int>());
        Assert.Equal(Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body)), signature);
        var msg = JsonNode.Parse(body)!["msg"]!;
        Assert.Equal(id, msg["id"]!.GetValue<string>());
        Assert.Equal("Delivered", msg["tag"]!.GetValue<string>());
        Assert.Equal("Delivered", simulator.FindTracking(id)!.Tag);
    }

    [Fact]
    public async Task Advance_OfAnUnknownTracking_Is404_AndAReceiverThatIsDown_Is502()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        var closedPort = new Uri($"http://127.0.0.1:{FreePort()}/api/webhooks/aftership");
        await using var control = await ControlServer.StartAsync(simulator, new IPEndPoint(IPAddress.Loopback, 0), closedPort, Secret);
        using var client = new HttpClient { BaseAddress = control.BaseUrl };
        var tracking = simulator.AddTracking("1Z999AA10123456785", "ups");

        using var unknown = await client.PostAsync("trackings/nope/advance", Http.Json("{}"));
        using var down = await client.PostAsync($"trackings/{tracking.Id}/webhook", null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, down.StatusCode);
        Assert.NotNull(JsonNode.Parse(await down.Content.ReadAsStringAsync())!["webhook"]!["error"]);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<WebApplication> StartReceiverAsync(TaskCompletionSource<(byte[] Body, string Signature)> received)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            received.TrySetResult((buffer.ToArray(), context.Request.Headers["aftership-hmac-sha256"].ToString()));
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync();
        return app;
    }
}
