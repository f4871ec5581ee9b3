using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrackingFunctions.Settings;
using TrackingFunctions.Webhooks;

namespace TrackingFunctions.Infrastructure;

public static class WebhookRegistration
{
    /// <summary>Registers the webhook receiver and its validated options (section <c>Webhook</c>).</summary>
    public static IServiceCollection AddWebhookReceiver(this IServiceCollection services)
    {
        services.AddAppSettings<WebhookOptions>(WebhookOptions.SectionName)
            .Validate(o => o.Secrets.Any(s => !string.IsNullOrWhiteSpace(s)), "Webhook__Secrets__0 is required: the webhook secret AfterShip shows under Settings > Notifications > Webhooks.");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WebhookSignatureVerifier>();
        services.TryAddSingleton<WebhookQuarantine>();
        services.TryAddSingleton<WebhookReceiver>();
        return services;
    }
}
