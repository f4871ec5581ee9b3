using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Budget;
using TrackingFunctions.AfterShip.Http;
using TrackingFunctions.Settings;

namespace TrackingFunctions.Infrastructure;

public static class AfterShipRegistration
{
    /// <summary>Registers the typed AfterShip client, its shared rate budget and its resilience pipeline.</summary>
    public static IServiceCollection AddAfterShipClient(this IServiceCollection services)
    {
        services.AddAppSettings<AfterShipOptions>(AfterShipOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AfterShipOptions>, AfterShipOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<AfterShipRateLimiters>();
        services.AddAppSettings<RateBudgetOptions>(RateBudgetOptions.SectionName);
        services.TryAddSingleton<RateBudgetStore>();
        services.TryAddSingleton<AfterShipRateBudget>();
        services.TryAddSingleton<AfterShipCallMetrics>();

        services.AddHttpClient<IAfterShipClient, AfterShipClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<AfterShipOptions>>().Value;
                var baseUrl = options.BaseUrl.ToString();

                // Relative paths resolve under the version segment only when the base ends in a slash.
                http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
                http.DefaultRequestHeaders.Add("as-api-key", options.ApiKey);
                http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
                http.DefaultRequestHeaders.UserAgent.ParseAdd("TrackingFunctions/1.0");

                // The resilience pipeline owns timeouts; HttpClient's own 100 s would cut across its retries.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            // The default HttpClient loggers put request headers in their structured state unredacted (the API key)
            // and URLs with tracking numbers in their messages; the pipeline logs what matters (endpoint, status, retry).
            .RemoveAllLoggers()
            .AddResilienceHandler(AfterShipResiliencePipeline.Name, (pipeline, context) => AfterShipResiliencePipeline.Configure(pipeline, context.ServiceProvider));
        return services;
    }
}
