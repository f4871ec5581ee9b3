using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TrackingFunctions.Settings;

namespace TrackingFunctions.Infrastructure;

public static class TrackingFunctionsRegistration
{
    /// <summary>Everything the functions need, area by area. Tests build their service provider from this too.</summary>
    public static IServiceCollection AddTrackingFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStartupSettingsChecks();
        services.AddTrackingTelemetry(configuration);
        services.AddAfterShipClient();
        services.AddTrackingStorage(configuration);
        services.AddChangeEvents(configuration);
        services.AddWebhookReceiver();
        services.AddTrackingRefresh();
        services.AddTrackingCommands();
        services.AddImportAndReplay();
        services.AddTrackingPage();
        services.AddSubscriptions();
        services.AddCouriers();
        services.AddNotifications();
        services.AddTrackingAttention(configuration);
        return services;
    }

    public static IHostApplicationBuilder AddTrackingFunctions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddTrackingFunctions(builder.Configuration);
        return builder;
    }
}
