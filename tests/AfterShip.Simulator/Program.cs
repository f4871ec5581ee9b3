// AfterShip Tracking API 2025-01 simulator, stand-alone.
//
//   dotnet run --project tests/AfterShip.Simulator -- --urls http://127.0.0.1:5080 --api-key local-dev-key
//
// Then point the app at it: AfterShip base URL http://127.0.0.1:5080/tracking/2025-01/ and API key local-dev-key.
// Options: --urls (one http URL on 127.0.0.1 or localhost; default http://127.0.0.1:5080), --api-key (default
// sim-api-key), --no-rate-limits (count and report limits but never answer 429). State lives in memory only.
// Control endpoint (Control/ControlServer.cs): --control-urls (default http://127.0.0.1:5081) to seed and advance
// trackings; each advance sends the signed webhook to --webhook-url (default
// http://localhost:7071/api/webhooks/aftership) with --webhook-secret (default local-webhook-secret).
// Stop with Ctrl+C. Integration tests do not use this file: they call AfterShipSimulator.StartAsync in-process.

using System.Net;
using System.Runtime.InteropServices;

namespace AfterShip.Simulator;

internal static class Program
{
    private const string DefaultUrl = "http://127.0.0.1:5080";
    private const string DefaultControlUrl = "http://127.0.0.1:5081";
    private const string DefaultWebhookUrl = "http://localhost:7071/api/webhooks/aftership";
    private const string DefaultWebhookSecret = "local-webhook-secret";

    public static async Task<int> Main(string[] args)
    {
        // A bare flag has no value, which the command-line configuration provider cannot express, so it is taken out first.
        var noRateLimits = args.Contains("--no-rate-limits", StringComparer.Ordinal);
        var config = new ConfigurationBuilder()
            .AddCommandLine([.. args.Where(a => a != "--no-rate-limits")])
            .Build();
        if (!TryLoopbackEndpoint(config["urls"] ?? DefaultUrl, out var endpoint))
        {
            await Console.Error.WriteLineAsync("--urls must be a single http:// URL on 127.0.0.1 or localhost, e.g. " + DefaultUrl);
            return 2;
        }

        if (!TryLoopbackEndpoint(config["control-urls"] ?? DefaultControlUrl, out var controlEndpoint))
        {
            await Console.Error.WriteLineAsync("--control-urls must be a single http:// URL on 127.0.0.1 or localhost, e.g. " + DefaultControlUrl);
            return 2;
        }

        if (!Uri.TryCreate(config["webhook-url"] ?? DefaultWebhookUrl, UriKind.Absolute, out var webhookUrl))
        {
            await Console.Error.WriteLineAsync("--webhook-url must be an absolute URL, e.g. " + DefaultWebhookUrl);
            return 2;
        }

        var options = new SimulatorOptions
        {
            ApiKey = config["api-key"] ?? new SimulatorOptions().ApiKey,
            EnforceRateLimits = !noRateLimits,
        };

        await using var simulator = await AfterShipSimulator.StartAsync(options, endpoint, consoleLogging: true, CancellationToken.None);
        await using var control = await Control.ControlServer.StartAsync(simulator, controlEndpoint, webhookUrl, config["webhook-secret"] ?? DefaultWebhookSecret);
        Console.WriteLine($"AfterShip simulator listening on {simulator.BaseUrl} (as-api-key: {simulator.ApiKey}). Ctrl+C to stop.");
        Console.WriteLine($"Control endpoint on {control.BaseUrl}: webhooks go to {webhookUrl} (see scripts/simulate-delivery.sh).");

        var stop = new TaskCompletionSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        await stop.Task;
        return 0;

        void Cancel(PosixSignalContext context)
        {
            // Let DisposeAsync stop Kestrel cleanly instead of the runtime killing the process.
            context.Cancel = true;
            stop.TrySetResult();
        }
    }

    private static bool TryLoopbackEndpoint(string urls, out IPEndPoint endpoint)
    {
        endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        if (!Uri.TryCreate(urls.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme != Uri.UriSchemeHttp
            || uri.Host is not ("127.0.0.1" or "localhost"))
        {
            return false;
        }

        endpoint = new IPEndPoint(IPAddress.Loopback, uri.Port);
        return true;
    }
}
