using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrackingFunctions.Settings;
using TrackingFunctions.Changes;
using TrackingFunctions.Subscriptions;

namespace TrackingFunctions.Infrastructure;

public static class SubscriptionRegistration
{
    /// <summary>
    /// Registers signed webhooks to subscribers (section <c>Subscriptions</c>, validated at start-up): the outbox
    /// sink, the delivery client (no redirects, SSRF-guarded connections), the deliverer and the admin API's services.
    /// </summary>
    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        services.AddAppSettings<SubscriptionOptions>(SubscriptionOptions.SectionName)
            .Validate(o => o.ParseRetrySchedule() is not null, "Subscriptions__RetrySchedule must be 1 to 20 comma-separated waits such as 00:00:05,00:05:00, each between 00:00:00 and 6.00:00:00.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HostQueues>();
        services.TryAddSingleton<TargetGuard>();
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookSender.CreateHandler(sp.GetRequiredService<TargetGuard>()))

            // The factory's request logging writes the full URL, and receivers' URLs often carry a token.
            .RemoveAllLoggers();
        services.AddMetrics();
        services.TryAddSingleton<SubscriptionMetrics>();
        services.TryAddSingleton<SubscriptionStore>();
        services.TryAddSingleton<SubscriptionCache>();
        services.TryAddSingleton<WebhookLog>();
        services.TryAddSingleton<DeliveryLogReader>();
        services.TryAddSingleton<AttemptScheduler>();
        services.TryAddSingleton<RetryPolicy>();
        services.TryAddSingleton<SubscriptionSlots>();
        services.TryAddSingleton<SubscriptionHealth>();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<WebhookDeliverer>();
        services.TryAddSingleton<SubscriptionReplayer>();
        services.TryAddSingleton<SubscriptionAdmin>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChangeEventSink, SubscriptionSink>());
        return services;
    }
}
