using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Budget;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.Budget;

/// <summary>The claims table on Azurite: a block is held by one instance at most, and blocks claimed together are all or none.</summary>
public sealed class RateBudgetStoreTests
{
    [Fact]
    public async Task Two_blocks_claimed_together_are_refused_whole_when_another_instance_holds_the_second()
    {
        await using var app = await TestApp.StartAsync();
        var store = app.Get<RateBudgetStore>();
        var timeline = app.Get<AfterShipRateBudget>().For(AfterShipEndpoint.CreateTracking).Timeline;
        var block = timeline.BlockOf(BudgetTimeline.UnixTicks(DateTimeOffset.UtcNow)) + 1000;
        Assert.True(RateBudgetStore.InOneTable(timeline, block, block + 1), "pick a block pair that does not straddle midnight");

        Assert.NotNull(await store.TryClaimAsync(timeline, block + 1, 1, "other", CancellationToken.None));
        var together = await store.TryClaimAsync(timeline, block, 2, "us", CancellationToken.None);

        Assert.Null(together);
        var held = await store.ReadAheadAsync(timeline, block, 2, CancellationToken.None);
        Assert.Equal([(block + 1, "other")], held.Select(h => (h.Block, h.Owner)));
    }

    [Fact]
    public async Task Two_free_blocks_claimed_together_are_both_held_and_can_be_given_back()
    {
        await using var app = await TestApp.StartAsync();
        var store = app.Get<RateBudgetStore>();
        var timeline = app.Get<AfterShipRateBudget>().For(AfterShipEndpoint.CreateTracking).Timeline;
        var block = timeline.BlockOf(BudgetTimeline.UnixTicks(DateTimeOffset.UtcNow)) + 1000;

        var claims = await store.TryClaimAsync(timeline, block, 2, "us", CancellationToken.None);

        Assert.NotNull(claims);
        Assert.Equal(2, claims.Count);
        Assert.Null(await store.TryClaimAsync(timeline, block + 1, 1, "other", CancellationToken.None));
        await store.ReleaseAsync(timeline, block + 1, claims[1], CancellationToken.None);
        Assert.NotNull(await store.TryClaimAsync(timeline, block + 1, 1, "other", CancellationToken.None));
    }
}
