using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.RateLimiting;
using TrackingFunctions.AfterShip.Budget;

namespace TrackingFunctions.AfterShip.Http;

/// <summary>
/// The AfterShip call pipeline, outermost first: total timeout, retry, the shared rate budget, 429 counter, budget
/// feedback, attempt timeout.
/// </summary>
/// <remarks>
/// The standard resilience handler puts its limiter outside the retry, so retries would escape the rate limit.
/// Here every attempt, first or retried, waits for its own permit. The attempt timeout sits inside the limiter so
/// time spent queued for a permit is not mistaken for a slow AfterShip.
/// </remarks>
internal static partial class AfterShipResiliencePipeline
{
    public const string Name = "aftership";

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AfterShipOptions>>().Value;
        var budget = services.GetRequiredService<AfterShipRateBudget>();
        var metrics = services.GetRequiredService<AfterShipCallMetrics>();
        var timeProvider = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AfterShipResiliencePipeline));

        builder.AddTimeout(options.TotalTimeout);
        builder.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts),
            ShouldHandle = args => ValueTask.FromResult(options.MaxRetryAttempts > 0 && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = TimeSpan.FromSeconds(30),
            ShouldRetryAfterHeader = false,
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } response
                    ? RateLimitHeaders.DelayAfter429(response, budget.Clock.Now)
                    : (TimeSpan?)null),
            OnRetry = args =>
            {
                var endpoint = AfterShipRequestOptions.GetEndpoint(args.Context.GetRequestMessage());
                if (endpoint is { } e)
                {
                    metrics.Retry(e);
                }

                LogRetry(logger, endpoint, (int?)args.Outcome.Result?.StatusCode, args.Outcome.Exception?.GetType().Name, args.AttemptNumber + 1, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddRateLimiter(new RateLimiterStrategyOptions
        {
            RateLimiter = async args =>
            {
                var endpoint = AfterShipRequestOptions.GetEndpoint(args.Context.GetRequestMessage())
                    ?? throw new InvalidOperationException("AfterShip requests must name their endpoint.");
                await budget.AcquireAsync(endpoint, args.Context.CancellationToken);
                metrics.Attempt(endpoint);
                return GrantedLease.Instance;
            },
        });

        // Every attempt's 429 is counted here, inside the retry: the retry only sees the ones it retries, and the
        // refresh job's run summary reports this total (it was never incremented before, so it always read 0).
        builder.AddStrategy(_ => new RateLimitedCounter(metrics));
        builder.AddStrategy(_ => new BudgetFeedback(budget, timeProvider));
        builder.AddTimeout(options.AttemptTimeout);
    }

    /// <summary>Counts each attempt answered 429 against its endpoint; passes every outcome through unchanged.</summary>
    private sealed class RateLimitedCounter(AfterShipCallMetrics metrics) : ResilienceStrategy<HttpResponseMessage>
    {
        protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
            ResilienceContext context,
            TState state)
        {
            var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
            if (outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests }
                && AfterShipRequestOptions.GetEndpoint(context.GetRequestMessage()) is { } endpoint)
            {
                metrics.RateLimited(endpoint);
            }

            return outcome;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AfterShip {Endpoint} attempt failed (status {StatusCode}, {Exception}); retry {Retry} in {Delay}")]
    private static partial void LogRetry(ILogger logger, AfterShipEndpoint? endpoint, int? statusCode, string? exception, int retry, TimeSpan delay);
}
