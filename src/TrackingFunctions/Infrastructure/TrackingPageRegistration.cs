using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TrackingFunctions.Storage;
using TrackingFunctions.ShopperPage;

namespace TrackingFunctions.Infrastructure;

public static class TrackingPageRegistration
{
    /// <summary>Registers the shopper tracking page and its validated branding (section <c>TrackingPage</c>).</summary>
    public static IServiceCollection AddTrackingPage(this IServiceCollection services)
    {
        services.AddOptions<TrackingPageOptions>()
            .BindConfiguration(TrackingPageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrackingPageOptions>, TrackingPageOptionsValidator>());
        services.TryAddSingleton<ITrackingNumberSearch, TrackingNumberSearch>();
        services.TryAddSingleton<PageAssets>();
        services.TryAddSingleton<TrackingPageRenderer>();
        return services;
    }
}
