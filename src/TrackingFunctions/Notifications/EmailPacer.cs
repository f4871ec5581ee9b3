using Microsoft.Extensions.Options;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Budget;

namespace TrackingFunctions.Notifications;

/// <summary>
/// Paces SMTP sends at <see cref="NotificationOptions.RatePerMinute"/> for the whole deployment, through the same
/// shared budget (the claims table of <c>RateBudget</c>) the AfterShip calls use, on a timeline of its own named
/// <c>email</c>: each instance claims blocks of send slots, so together they never exceed the rate.
/// </summary>
internal sealed class EmailPacer
{
    public const string TimelineName = "email";

    private readonly EndpointBudget _budget;

    public EmailPacer(IOptions<NotificationOptions> options, IOptions<RateBudgetOptions> budget, AfterShipRateBudget shared)
    {
        var perSecond = options.Value.RatePerMinute / 60;
        _budget = shared.CreateShared(new BudgetTimeline(TimelineName, perSecond, budget.Value.ClaimSpan), perSecond);
    }

    /// <summary>Waits for this instance's next send slot.</summary>
    public ValueTask AcquireAsync(CancellationToken cancellationToken) => _budget.AcquireAsync(AfterShipPriority.Command, cancellationToken);
}
