using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TrackingFunctions.Storage;
using TrackingFunctions.ShopperPage;
using TrackingFunctions.Settings;

namespace TrackingFunctions.Infrastructure;

public static class TrackingPageRegistration
{
    /// <summary>Registers the shopper tracking page and its validated branding (section <c>TrackingPage</c>).</summary>
    public static IServiceCollection AddTrackingPage(this IServiceCollection services)
    {
        services.AddAppSettings<TrackingPageOptions>(TrackingPageOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrackingPageOptions>, TrackingPageOptionsValidator>());
        services.TryAddSingleton<ITrackingNumberSearch, TrackingNumberSearch>();
        services.TryAddSingleton<PageAssets>();
        services.TryAddSingleton<TrackingPageRenderer>();
        return services;
    }
}
