using TrackingFunctions.Changes;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;

namespace TrackingFunctions.IntegrationTests.Changes;

public sealed class OversizedEventTests
{
    [Fact]
    public async Task Event_over_the_queue_limit_is_trimmed_to_the_newest_checkpoint_and_still_matches_the_schema()
    {
        await using var app = await ChangeEventApp.StartAsync(new Dictionary<string, string?> { ["ChangeEvents:IncludePersonalData"] = "true" });
        var id = Guid.NewGuid().ToString("N");
        var tracking = WebhookBodies.Tracking(id, checkpoints: 400);
        foreach (var checkpoint in tracking["checkpoints"]!.AsArray())
        {
            checkpoint!["message"] = (string)checkpoint["message"]! + " " + new string('x', 200);
        }

        Assert.Equal(200, await app.PostAsync(WebhookBodies.Event(tracking)));

        // ReceiveAllAsync checks the size limit and the schema for every message.
        var created = Assert.Single(await app.ReceiveAllAsync());
        var data = created["data"]!;
        Assert.True((bool)data["trimmed"]!);
        Assert.Equal(ChangeEventTypes.Created, (string?)created["type"]);
        var kept = Assert.Single(data["checkpoints_added"]!.AsArray());
        Assert.StartsWith("Scan 399 ", (string)kept!["message"]!, StringComparison.Ordinal);
        Assert.StartsWith("Scan 399 ", (string)data["newest_checkpoint"]!["message"]!, StringComparison.Ordinal);
        Assert.Equal(400, (int)data["current"]!["checkpoint_count"]!);
        Assert.NotNull(data["personal"]);
        var state = await app.App.Get<ITrackingStore>().GetAsync(id, CancellationToken.None);
        Assert.Equal(1, state!.ChangeSequence);
    }

    [Fact]
    public async Task Event_with_a_huge_newest_checkpoint_is_cut_down_to_its_essentials_never_dropped()
    {
        await using var app = await ChangeEventApp.StartAsync();
        var id = Guid.NewGuid().ToString("N");
        var tracking = WebhookBodies.Tracking(id, checkpoints: 1);
        var checkpoint = tracking["checkpoints"]![0]!.AsObject();
        checkpoint["message"] = new string('m', 70_000);
        checkpoint["location"] = new string('l', 70_000);

        await app.PostAsync(WebhookBodies.Event(tracking));

        var created = Assert.Single(await app.ReceiveAllAsync());
        var newest = created["data"]!["newest_checkpoint"]!.AsObject();
        Assert.True((bool)created["data"]!["trimmed"]!);
        Assert.Equal(512, ((string)newest["message"]!).Length);
        Assert.False(newest.ContainsKey("location"));
        Assert.Empty(created["data"]!["checkpoints_added"]!.AsArray());
    }
}
