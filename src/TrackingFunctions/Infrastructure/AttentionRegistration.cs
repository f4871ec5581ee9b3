using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TrackingFunctions.Settings;
using TrackingFunctions.Attention;
using TrackingFunctions.Changes;

namespace TrackingFunctions.Infrastructure;

public static class AttentionRegistration
{
    /// <summary>The flat app setting the attention timer's trigger reads (<c>%AttentionSchedule%</c>).</summary>
    public const string ScheduleSetting = "AttentionSchedule";

    /// <summary>
    /// Registers the attention alerts (section <c>Alerts</c>, validated at start-up): the sink that checks every
    /// stored change, the checker, and the timer's run. <c>AttentionSchedule</c> is required whether alerts are on
    /// or not, because the host cannot start a timer whose schedule is missing.
    /// </summary>
    public static IServiceCollection AddTrackingAttention(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddAppSettings<AlertOptions>(AlertOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AttentionEventFactory>();
        services.TryAddSingleton<AttentionChecker>();
        services.TryAddSingleton<AttentionSweep>();
        services.TryAddSingleton<AttentionDigest>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChangeEventSink, AttentionSink>());
        return services;
    }
}
