using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Budget;

namespace TrackingFunctions.Notifications;

/// <summary>
/// Paces SMTP sends at <see cref="NotificationOptions.RatePerMinute"/> for the whole deployment, through the same
/// shared budget (the claims table of <c>RateBudget</c>) the AfterShip calls use, on a timeline of its own named
/// <c>email</c>: each instance claims blocks of send slots, so together they never exceed the rate.
/// </summary>
internal sealed class EmailPacer : IDisposable
{
    public const string TimelineName = "email";

    private readonly EndpointBudget _budget;

    public EmailPacer(IOptions<NotificationOptions> options, IOptions<RateBudgetOptions> budget, RateBudgetStore store, TimeProvider time, ILogger<EmailPacer> logger)
    {
        var perSecond = options.Value.RatePerMinute / 60;
        var timeline = new BudgetTimeline(TimelineName, perSecond, budget.Value.ClaimSpan);
        _budget = new EndpointBudget(timeline, perSecond, 0, store, new AfterShipClock(time), time, budget.Value, logger, Guid.NewGuid().ToString("N")[..12]);
    }

    /// <summary>Waits for this instance's next send slot.</summary>
    public ValueTask AcquireAsync(CancellationToken cancellationToken) => _budget.AcquireAsync(AfterShipPriority.Command, cancellationToken);

    public void Dispose() => _budget.Dispose();
}
