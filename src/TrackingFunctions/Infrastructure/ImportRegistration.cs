using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrackingFunctions.Import;
using TrackingFunctions.Replay;
using TrackingFunctions.Settings;

namespace TrackingFunctions.Infrastructure;

public static class ImportRegistration
{
    /// <summary>
    /// Registers the import (section <c>Import</c>, validated at start-up) and the replay of dead letters and
    /// quarantined webhooks. Both send to queues in the host's storage (<c>AzureWebJobsStorage</c>).
    /// </summary>
    public static IServiceCollection AddImportAndReplay(this IServiceCollection services)
    {
        services.AddAppSettings<ImportOptions>(ImportOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HostQueues>();
        services.TryAddSingleton<ImportJobStore>();
        services.TryAddSingleton<ImportSlices>();
        services.TryAddSingleton<ImportCoordinator>();
        services.TryAddTransient<ImportRunner>();
        services.TryAddSingleton<DeadLetterReplayer>();
        services.TryAddSingleton<QuarantineReplayer>();
        return services;
    }
}
