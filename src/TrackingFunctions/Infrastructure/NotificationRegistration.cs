using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TrackingFunctions.Settings;
using TrackingFunctions.Changes;
using TrackingFunctions.Notifications;

namespace TrackingFunctions.Infrastructure;

public static class NotificationRegistration
{
    /// <summary>
    /// Registers shopper milestone emails (section <c>Notifications</c>): the outbox sink that records and queues
    /// them, the mailer the queue function runs, the SMTP transport (<see cref="IEmailTransport"/>, for any feature
    /// that emails), templates, unsubscribe and records.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddAppSettings<NotificationOptions>(NotificationOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HostQueues>();
        services.TryAddSingleton<IEmailTransport, SmtpTransport>();
        services.TryAddSingleton<NotificationStore>();
        services.TryAddSingleton<NotificationMessages>();
        services.TryAddSingleton<NotificationMetrics>();
        services.TryAddSingleton<SuppressionList>();
        services.TryAddSingleton<AddressHasher>();
        services.TryAddSingleton<UnsubscribeTokens>();
        services.TryAddSingleton<EmailTemplates>();
        services.TryAddSingleton<EmailModelBuilder>();
        services.TryAddSingleton<EmailComposer>();
        services.TryAddSingleton<EmailPacer>();
        services.TryAddSingleton<QuietHours>();
        services.TryAddSingleton<MilestoneMailer>();
        services.TryAddSingleton(sp => new MilestoneMailerRunner(sp.GetRequiredService<MilestoneMailer>()));
        services.TryAddSingleton(sp => new EmailPreviews(sp.GetRequiredService<EmailComposer>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChangeEventSink, NotificationSink>());
        return services;
    }
}
