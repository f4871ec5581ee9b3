using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AfterShip.Simulator.Hosting;

namespace AfterShip.Simulator.Control;

/// <summary>
/// The stand-alone simulator's control endpoint, on its own loopback port (the API port answers only what AfterShip
/// answers): seed a tracking, advance it as if the carrier had scanned it, and deliver the signed webhook AfterShip
/// would send to the configured URL, so the whole flow runs locally without AfterShip.
/// </summary>
/// <remarks>
/// <c>POST /control/trackings</c> <c>{"tracking_number","slug","tag"?}</c> seeds one (201, its id).
/// <c>POST /control/trackings/{id}/advance</c> <c>{"tag"?,"subtag"?,"message"?}</c> adds a checkpoint and sends the webhook.
/// <c>POST /control/trackings/{id}/webhook</c> sends the webhook for the current state again.
/// <c>GET /control/trackings</c> lists the stored trackings.
/// </remarks>
public sealed class ControlServer : IAsyncDisposable
{
    private readonly AfterShipSimulator _simulator;
    private readonly Uri _webhookUrl;
    private readonly string _webhookSecret;
    private readonly WebApplication _app;

    /// <summary>Root of the control endpoint, e.g. <c>http://127.0.0.1:5081/control/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<ControlServer> StartAsync(AfterShipSimulator simulator, IPEndPoint endpoint, Uri webhookUrl, string webhookSecret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentNullException.ThrowIfNull(webhookUrl);
        ArgumentException.ThrowIfNullOrEmpty(webhookSecret);
        var server = new ControlServer(simulator, webhookUrl, webhookSecret, endpoint);
        await server._app.StartAsync(cancellationToken);
        server.BaseUrl = new Uri(SimulatorHost.BoundAddress(server._app), "control/");
        return server;
    }

    private ControlServer(AfterShipSimulator simulator, Uri webhookUrl, string webhookSecret, IPEndPoint endpoint)
    {
        _simulator = simulator;
        _webhookUrl = webhookUrl;
        _webhookSecret = webhookSecret;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(ControlServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(endpoint);
        });
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var method = context.Request.Method;
        try
        {
            var (status, body) = (method, segments) switch
            {
                ("GET", ["control", "trackings"]) => (200, List()),
                ("POST", ["control", "trackings"]) => Seed(await ReadAsync(context)),
                ("POST", ["control", "trackings", var id, "advance"]) => await AdvanceAsync(Uri.UnescapeDataString(id), await ReadAsync(context), context.RequestAborted),
                ("POST", ["control", "trackings", var id, "webhook"]) => await DeliverAsync(Uri.UnescapeDataString(id), context.RequestAborted),
                _ => (404, Error("Unknown control route. See tests/AfterShip.Simulator/Control/ControlServer.cs.")),
            };
            await WriteAsync(context, status, body);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            await WriteAsync(context, 400, Error(ex.Message));
        }
        catch (KeyNotFoundException ex)
        {
            await WriteAsync(context, 404, Error(ex.Message));
        }
    }

    private JsonObject List() => new()
    {
        ["trackings"] = new JsonArray([.. _simulator.Trackings.Select(t => (JsonNode)Summary(t))]),
    };

    private (int, JsonObject) Seed(JsonObject request)
    {
        var number = request["tracking_number"]?.GetValue<string>() ?? throw new ArgumentException("tracking_number is required.");
        var slug = request["slug"]?.GetValue<string>() ?? throw new ArgumentException("slug is required.");
        var tag = request["tag"]?.GetValue<string>() ?? "InTransit";
        return (201, Summary(_simulator.AddTracking(number, slug, tag)));
    }

    private async Task<(int, JsonObject)> AdvanceAsync(string id, JsonObject request, CancellationToken cancellationToken)
    {
        _simulator.Advance(id, request["tag"]?.GetValue<string>(), request["subtag"]?.GetValue<string>(), request["message"]?.GetValue<string>());
        return await DeliverAsync(id, cancellationToken);
    }

    private async Task<(int, JsonObject)> DeliverAsync(string id, CancellationToken cancellationToken)
    {
        var tracking = _simulator.FindTracking(id) ?? throw new KeyNotFoundException($"No simulated tracking has id '{id}'.");
        var result = Summary(tracking);
        try
        {
            using var response = await _simulator.SendWebhookAsync(_webhookUrl, _webhookSecret, tracking.Id, cancellationToken: cancellationToken);
            result["webhook"] = new JsonObject { ["url"] = _webhookUrl.ToString(), ["status"] = (int)response.StatusCode };
            return (200, result);
        }
        catch (HttpRequestException ex)
        {
            // The receiver is not running (or refused the connection): say so, the tracking has still moved.
            result["webhook"] = new JsonObject { ["url"] = _webhookUrl.ToString(), ["error"] = ex.Message };
            return (502, result);
        }
    }

    private static JsonObject Summary(SimulatedTracking tracking) => new()
    {
        ["id"] = tracking.Id,
        ["tracking_number"] = tracking.TrackingNumber,
        ["slug"] = tracking.Slug,
        ["tag"] = tracking.Tag,
        ["subtag"] = tracking.Subtag,
        ["updated_at"] = tracking.UpdatedAt,
    };

    private static JsonObject Error(string message) => new() { ["error"] = message };

    private static async Task<JsonObject> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.Length == 0 ? [] : JsonNode.Parse(buffer.ToArray())?.AsObject() ?? [];
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Json.ToUtf8(body), context.RequestAborted);
    }
}
