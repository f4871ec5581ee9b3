using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TrackingFunctions.AfterShip.Http;
using TrackingFunctions.Telemetry;

namespace TrackingFunctions.Infrastructure;

public static class MetricsExportRegistration
{
    private const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    private const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>
    /// Exports the app's meters (<see cref="TrackingMetrics"/>, <see cref="AfterShipCallMetrics"/>) to the Application
    /// Insights resource the logs go to, as OpenTelemetry metrics; logs and requests stay with the Application
    /// Insights SDK. Does nothing without <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> (locally, in tests).
    /// </summary>
    public static IHostApplicationBuilder AddTrackingMetricsExport(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectionString = builder.Configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return builder;
        }

        var clientId = EntraClientId(builder.Configuration[AuthenticationStringSetting]);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(TrackingMetrics.MeterName, AfterShipCallMetrics.MeterName)
            .AddAzureMonitorMetricExporter(exporter =>
            {
                exporter.ConnectionString = connectionString;

                // The Bicep turns off local (key) authentication on Application Insights: telemetry is accepted only
                // with a token of the app's managed identity, the same one the Application Insights SDK uses.
                if (clientId is not null)
                {
                    exporter.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
                }
            }));
        return builder;
    }

    /// <summary>The client id in <c>ClientId=…;Authorization=AAD</c>, or null when Entra authentication is not asked for.</summary>
    internal static string? EntraClientId(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        return parts.TryGetValue("Authorization", out var kind) && string.Equals(kind, "AAD", StringComparison.OrdinalIgnoreCase)
            ? parts.GetValueOrDefault("ClientId")
            : null;
    }
}
