using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Settings;

public static class SettingsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to the configuration section <paramref name="section"/> (empty: top-level
    /// settings) and validates it when the worker starts: its DataAnnotations attributes, nested objects marked
    /// <see cref="ValidateObjectMembersAttribute"/>, and any <see cref="IValidateOptions{TOptions}"/> added for
    /// cross-field rules. Every message names the app setting as users write it (<c>Import__PageSize</c>).
    /// </summary>
    public static OptionsBuilder<TOptions> AddAppSettings<TOptions>(this IServiceCollection services, string section)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new AppSettingsValidator<TOptions>(section)));
        return services.AddOptions<TOptions>()
            .Configure<IConfiguration>((options, configuration) => AppSettingsBinding.Bind(configuration, section, options))
            .ValidateOnStart();
    }

    /// <summary>
    /// Checks, at start, the settings the host reads for trigger bindings (queue names, timer schedules) and the
    /// storage connections, so a missing one stops the app by name instead of disabling a function or failing at first use.
    /// </summary>
    public static IServiceCollection AddStartupSettingsChecks(this IServiceCollection services)
    {
        services.AddAppSettings<HostBindingSettings>(string.Empty);
        services.AddOptions<StorageConnections>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageConnections>, StorageConnectionsValidator>());
        return services;
    }
}
