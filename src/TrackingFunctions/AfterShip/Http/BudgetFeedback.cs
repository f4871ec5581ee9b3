using Polly;
using TrackingFunctions.AfterShip.Budget;

namespace TrackingFunctions.AfterShip.Http;

/// <summary>
/// Hands every attempt's response to the shared rate budget with the local times it was sent and received: its
/// <c>X-RateLimit-*</c> headers set the budget's view of AfterShip's clock and of other users of the key, and a 429
/// holds every instance off until the window resets. Passes every outcome through unchanged.
/// </summary>
internal sealed class BudgetFeedback(AfterShipRateBudget budget, TimeProvider timeProvider) : ResilienceStrategy<HttpResponseMessage>
{
    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback,
        ResilienceContext context,
        TState state)
    {
        var sent = timeProvider.GetUtcNow();
        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        if (outcome.Result is { } response && AfterShipRequestOptions.GetEndpoint(context.GetRequestMessage()) is { } endpoint)
        {
            await budget.ObserveAsync(endpoint, response, sent, timeProvider.GetUtcNow()).ConfigureAwait(context.ContinueOnCapturedContext);
        }

        return outcome;
    }
}
