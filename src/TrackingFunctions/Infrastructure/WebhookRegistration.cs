using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrackingFunctions.Webhooks;

namespace TrackingFunctions.Infrastructure;

public static class WebhookRegistration
{
    /// <summary>Registers the webhook receiver and its validated options (section <c>Webhook</c>).</summary>
    public static IServiceCollection AddWebhookReceiver(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.Secrets.Any(s => !string.IsNullOrWhiteSpace(s)), "Webhook:Secrets needs at least one non-empty secret (app setting Webhook__Secrets__0).")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WebhookSignatureVerifier>();
        services.TryAddSingleton<WebhookQuarantine>();
        services.TryAddSingleton<WebhookReceiver>();
        return services;
    }
}
