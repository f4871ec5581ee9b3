using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TrackingFunctions.Commands;
using TrackingFunctions.Couriers;
using TrackingFunctions.Settings;

namespace TrackingFunctions.Infrastructure;

public static class CourierRegistration
{
    /// <summary>
    /// Registers the courier directory (the Couriers table and its in-memory copy), its refresh, and the courier
    /// checks of create commands (section <c>Couriers</c>; the refresh timer's schedule is the app setting
    /// <c>CourierRefreshSchedule</c>, validated at start-up).
    /// </summary>
    public static IServiceCollection AddCouriers(this IServiceCollection services)
    {
        services.AddAppSettings<CourierOptions>(CourierOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) => options.RefreshSchedule = configuration[CourierOptions.ScheduleSetting]);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CourierOptions>, CourierOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CourierDirectoryStore>();
        services.TryAddSingleton<CourierDirectoryRefresher>();
        services.TryAddSingleton<CourierDirectory>();
        services.TryAddSingleton<ICourierDirectory>(sp => sp.GetRequiredService<CourierDirectory>());
        services.TryAddSingleton<CreateCourierCheck>();
        return services;
    }
}
