using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrackingFunctions.Changes;
using TrackingFunctions.Settings;

namespace TrackingFunctions.Infrastructure;

public static class ChangeEventRegistration
{
    /// <summary>The configuration section that describes the storage account holding the change-event queue.</summary>
    public const string QueuesSection = "Queues";

    /// <summary>
    /// Registers the change-event outbox: the queue client (section <c>Queues</c>: a connection string, or
    /// <c>serviceUri</c> + <c>credential=managedidentity</c> + <c>clientId</c>; when absent, the <c>Tables</c>
    /// connection string, as locally with Azurite), the publisher, the dispatcher and the sweep.
    /// </summary>
    public static IServiceCollection AddChangeEvents(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var queues = configuration.GetSection(QueuesSection);
        var connection = queues.Exists() ? queues : configuration.GetSection(StorageRegistration.TablesSection);
        services.AddAzureClients(clients =>
        {
            clients.AddQueueServiceClient(connection)
                .WithName(ChangeEventSender.ClientName)
                .ConfigureOptions(o => o.MessageEncoding = QueueMessageEncoding.None);
        });
        services.AddAppSettings<ChangeEventOptions>(ChangeEventOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ChangeOutboxFaults>();
        services.TryAddSingleton<ChangeEventFactory>();
        services.TryAddSingleton<ChangeOutbox>();
        services.TryAddSingleton<ChangeEventSender>();
        // The change queue is the first sink; features that act on every change add theirs after it.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChangeEventSink, ChangeEventSender>(sp => sp.GetRequiredService<ChangeEventSender>()));
        services.TryAddSingleton<ChangePublisher>();
        services.TryAddSingleton<ChangeDispatcher>();
        services.TryAddSingleton<ChangeOutboxSweeper>();
        return services;
    }
}
