using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using TrackingFunctions.Settings;
using TrackingFunctions.Telemetry;

namespace TrackingFunctions.Infrastructure;

public static class TelemetryRegistration
{
    /// <summary>The setting that sets the level of the Azure SDK's own log records (default Warning).</summary>
    public const string AzureSdkLogLevelSetting = TelemetryOptions.SectionName + ":" + nameof(TelemetryOptions.AzureSdkLogLevel);

    /// <summary>
    /// Log categories of the Azure SDK's event-source logging, as Microsoft.Extensions.Azure forwards it: one record
    /// per request, per response (headers included) and per retry of every storage call.
    /// </summary>
    public static IReadOnlyList<string> AzureSdkCategories { get; } = ["Azure.Core", "Azure.Identity", "Azure.Storage", "Azure.Data.Tables", "Azure.Messaging"];

    /// <summary>
    /// The app's metrics, and the Azure SDK's request logging turned down to warnings: at Information it writes several
    /// records per webhook and per read call, which cost in Application Insights and tell nothing the request
    /// telemetry does not. Set <c>Telemetry__AzureSdkLogLevel</c> (e.g. <c>Information</c>) to see them again.
    /// </summary>
    public static IServiceCollection AddTrackingTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Read here, not through IOptions: logging filters are fixed before the container exists.
        // A bad value is reported at start by the options validation below; here it falls back to the default.
        var level = configuration.GetSection(AzureSdkLogLevelSetting).Value is { } text && Enum.TryParse<LogLevel>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : LogLevel.Warning;
        services.AddAppSettings<TelemetryOptions>(TelemetryOptions.SectionName);

        services.AddLogging(logging =>
        {
            foreach (var category in AzureSdkCategories)
            {
                logging.AddFilter(category, level);
            }
        });
        services.AddMetrics();
        services.TryAddSingleton<TrackingMetrics>();
        return services;
    }
}
