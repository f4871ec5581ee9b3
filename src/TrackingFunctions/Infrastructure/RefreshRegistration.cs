using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrackingFunctions.Refresh;
using TrackingFunctions.Settings;

namespace TrackingFunctions.Infrastructure;

public static class RefreshRegistration
{
    /// <summary>
    /// Registers the refresh job (section <c>Refresh</c>, validated at start-up), its schedule store and the
    /// interval policy the tracking store also uses. The timer's schedule is the app setting <c>RefreshSchedule</c>.
    /// </summary>
    public static IServiceCollection AddTrackingRefresh(this IServiceCollection services)
    {
        services.AddAppSettings<RefreshOptions>(RefreshOptions.SectionName)
            .Validate(o => o.MaxInterval >= o.BaseInterval, "Refresh__MaxInterval must be at least Refresh__BaseInterval (default 02:00:00).");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RefreshPolicy>();
        services.TryAddSingleton<IRefreshScheduleStore, RefreshScheduleStore>();
        services.TryAddTransient<TrackingRefresher>();
        return services;
    }
}
