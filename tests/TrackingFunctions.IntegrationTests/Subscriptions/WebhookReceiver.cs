using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace TrackingFunctions.IntegrationTests.Subscriptions;

/// <summary>
/// A real Kestrel receiver on loopback with any number of endpoints (<c>/hooks/{name}</c>). Each request is checked
/// with the StandardWebhooks package against every secret the test gave the endpoint, and recorded with what it got.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<int, HttpContext, Task<int>>> _behaviours = new();
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _secrets = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/{name}", receiver.HandleAsync);
        await app.StartAsync();
        receiver.BaseUrl = new Uri(app.Urls.First());
        return receiver;
    }

    public string Url(string name) => new Uri(BaseUrl, "/hooks/" + name).AbsoluteUri;

    /// <summary>How the endpoint answers its n-th request (1-based); 204 when not set.</summary>
    public void Answer(string name, Func<int, HttpContext, Task<int>> behaviour) => _behaviours[name] = behaviour;

    public void Answer(string name, Func<int, int> status) => Answer(name, (n, _) => Task.FromResult(status(n)));

    /// <summary>The secrets each request to the endpoint is verified against, one result per secret.</summary>
    public void Trust(string name, params string[] secrets) => _secrets[name] = secrets;

    public IReadOnlyList<ReceivedWebhook> At(string name) => [.. _received.Where(r => r.Endpoint == name)];

    /// <summary>Waits (polling, with a deadline) until <paramref name="condition"/> holds over what was received.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> condition, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (!condition(Received))
        {
            await Task.Delay(25, deadline.Token);
        }
    }

    private async Task HandleAsync(string name, HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var n = _counts.AddOrUpdate(name, 1, (_, c) => c + 1);
        var verified = (_secrets.TryGetValue(name, out var secrets) ? secrets : []).Select(s => Verifies(s, body, context.Request.Headers)).ToList();
        _received.Enqueue(new ReceivedWebhook(
            name,
            n,
            context.Request.Headers["webhook-id"].ToString(),
            context.Request.Headers["webhook-timestamp"].ToString(),
            context.Request.Headers["webhook-signature"].ToString(),
            context.Request.ContentType,
            body,
            DateTimeOffset.UtcNow,
            verified));
        var status = _behaviours.TryGetValue(name, out var behaviour) ? await behaviour(n, context) : StatusCodes.Status204NoContent;
        context.Response.StatusCode = status;
    }

    /// <remarks>
    /// StandardWebhooks 1.1.2's Verify compares only the first signature of a space-separated list (its loop ends
    /// before the last one), so each signature is offered to it on its own, as the spec means every one to count.
    /// </remarks>
    private static bool Verifies(string secret, string body, IHeaderDictionary headers)
    {
        foreach (var signature in headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var single = new HeaderDictionary
            {
                ["webhook-id"] = headers["webhook-id"],
                ["webhook-timestamp"] = headers["webhook-timestamp"],
                ["webhook-signature"] = signature,
            };
            try
            {
                new StandardWebhook(secret).Verify(body, single);
                return true;
            }
            catch (WebhookVerificationException)
            {
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>One request the receiver got; <c>Verified</c> has one result per trusted secret, in order.</summary>
public sealed record ReceivedWebhook(string Endpoint, int Number, string WebhookId, string Timestamp, string Signature, string? ContentType, string Body, DateTimeOffset At, IReadOnlyList<bool> Verified);
