using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Budget;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;

namespace TrackingFunctions.IntegrationTests.Budget;

/// <summary>
/// The shared budget on an endpoint nobody is using: the caller waits for its claim (one storage operation), not for
/// the next slot of the grid. The instance's clock stands still, so a call that needed the grid to move on never
/// completes.
/// </summary>
public sealed class IdleEndpointTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_call_on_an_idle_endpoint_goes_out_on_its_claim_without_waiting_for_the_next_slot()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(time: time);
        var budget = app.Get<AfterShipRateBudget>();
        var timeline = budget.For(AfterShipEndpoint.CreateTracking).Timeline;
        var now = BudgetTimeline.UnixTicks(time.GetUtcNow());
        var midSlot = timeline.BlockStart(timeline.BlockOf(now) + 2) + (timeline.Interval / 2);
        time.SetUtcNow(BudgetTimeline.FromUnixTicks(midSlot));
        app.StorageRequests.Reset();

        await budget.AcquireAsync(AfterShipEndpoint.CreateTracking, CancellationToken.None).AsTask().WaitAsync(Patience);

        var claims = app.StorageRequests.Requests.Count(r => r.Contains(TableNames.RateBudget, StringComparison.Ordinal) && r.StartsWith("POST", StringComparison.Ordinal));
        Assert.Equal(1, claims);
    }

    [Fact]
    public async Task The_budget_is_shared_by_default()
    {
        await using var app = await TestApp.StartAsync();

        Assert.True(app.Get<Microsoft.Extensions.Options.IOptions<RateBudgetOptions>>().Value.Enabled);
    }
}
