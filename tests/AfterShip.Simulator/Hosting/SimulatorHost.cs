using System.Net;
using AfterShip.Simulator.Endpoints;
using AfterShip.Simulator.State;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AfterShip.Simulator.Hosting;

/// <summary>Builds the Kestrel app for one simulator instance.</summary>
internal static class SimulatorHost
{
    /// <summary>
    /// Starts from an empty builder on purpose: no appsettings, environment variables or command line leak in from the
    /// process hosting the tests (ASPNETCORE_URLS, for one, must not move the simulator off loopback).
    /// </summary>
    public static WebApplication Build(
        SimulatorOptions options,
        SimulatorFaults faults,
        SimulatorState state,
        CourierCatalogue catalogue,
        RequestLog log,
        IPEndPoint endpoint,
        bool consoleLogging,
        CancellationToken stopping)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SimulatorHost).Assembly.GetName().Name,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(endpoint);
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (consoleLogging)
        {
            builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        }

        var app = builder.Build();
        var pipeline = new RequestPipeline(
            options,
            faults,
            new RateLimitWindows(options),
            log,
            new TrackingEndpoints(state, catalogue),
            new ListEndpoint(state),
            new CourierEndpoints(catalogue),
            app.Services.GetRequiredService<ILogger<RequestPipeline>>(),
            stopping);
        app.Run(pipeline.HandleAsync);
        return app;
    }

    /// <summary>The address Kestrel actually bound, which differs from the requested one when the port was 0.</summary>
    public static Uri BoundAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("Kestrel reported no bound address.");
        return new Uri(first);
    }
}
