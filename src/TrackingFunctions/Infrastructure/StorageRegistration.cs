using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TrackingFunctions.Refresh;
using TrackingFunctions.Settings;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Infrastructure;

public static class StorageRegistration
{
    /// <summary>The configuration section that describes the storage account holding the app's tables.</summary>
    public const string TablesSection = "Tables";

    /// <summary>
    /// Registers the table client (section <c>Tables</c>: a connection string such as
    /// <c>UseDevelopmentStorage=true</c>, or <c>endpoint</c> + <c>credential=managedidentity</c> + <c>clientId</c>)
    /// and the tracking store over it.
    /// </summary>
    public static IServiceCollection AddTrackingStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // A missing or unparsable Tables section is reported at start, with every other bad setting, by StorageConnectionsValidator.
        var tables = configuration.GetSection(TablesSection);
        services.AddAzureClients(clients =>
        {
            clients.AddTableServiceClient(tables).ConfigureOptions(ConfigureRetries);
            clients.UseCredential(new DefaultAzureCredential());
        });
        services.AddAppSettings<TrackingStorageOptions>(TrackingStorageOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TrackingTables>();

        // Every state write keeps the tracking's place in the refresh schedule, so the store needs the policy even
        // where the refresh job itself is not registered; its options bind with their defaults then.
        services.TryAddSingleton<RefreshPolicy>();
        services.AddAppSettings<OrderLookupOptions>(OrderLookupOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrderLookupOptions>, OrderLookupOptionsValidator>());
        services.TryAddSingleton<OrderHasher>();
        services.TryAddSingleton<IOrderLookup, OrderLookup>();
        services.TryAddSingleton<TrackingStore>();
        services.TryAddSingleton<ITrackingStore>(sp => sp.GetRequiredService<TrackingStore>());
        services.TryAddSingleton<ITrackingLifecycleStore>(sp => sp.GetRequiredService<TrackingStore>());
        return services;
    }

    private static void ConfigureRetries(TableClientOptions options)
    {
        // A webhook must answer within AfterShip's timeout; a short SDK retry budget turns an outage into a quick
        // 503 (AfterShip then retries for 68 hours) instead of a request that hangs.
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
    }
}
