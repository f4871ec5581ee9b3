using System.Text.Json.Nodes;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Changes;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;

namespace TrackingFunctions.IntegrationTests.Changes;

/// <summary>Each kind of change publishes exactly one event of the expected type; each non-change publishes none.</summary>
public sealed class ChangeEventTests
{
    private static string NewId() => Guid.NewGuid().ToString("N");

    private static JsonObject Version(string id, int minutes, int checkpoints = 1, string tag = "InTransit")
    {
        var tracking = WebhookBodies.Tracking(id, checkpoints: checkpoints, updatedAt: WebhookBodies.BaseTime.AddMinutes(minutes), tag: tag);
        tracking["order_id"] = "order-42";
        tracking["order_number"] = "#1042";
        return tracking;
    }

    /// <summary>Stores the first sight and takes its event off the queue, so each test sees only what follows.</summary>
    private static async Task<ChangeEventApp> StartWithTrackingAsync(string id, IDictionary<string, string?>? settings = null)
    {
        var app = await ChangeEventApp.StartAsync(settings);
        Assert.Equal(200, await app.PostAsync(WebhookBodies.Event(Version(id, 0))));
        Assert.Single(await app.ReceiveAllAsync());
        return app;
    }

    [Fact]
    public async Task First_sight_publishes_created_with_sequence_one_and_no_personal_data()
    {
        await using var app = await ChangeEventApp.StartAsync();
        var id = NewId();

        await app.PostAsync(WebhookBodies.Event(Version(id, 0, checkpoints: 2)));

        var created = Assert.Single(await app.ReceiveAllAsync());
        Assert.Equal(ChangeEventTypes.Created, (string?)created["type"]);
        Assert.Equal("1.0", (string?)created["specversion"]);
        Assert.Equal(id + ":000000000001", (string?)created["id"]);
        Assert.Equal("000000000001", (string?)created["sequence"]);
        Assert.Equal(id, (string?)created["subject"]);
        var data = created["data"]!;
        Assert.Equal(["created"], data["changes"]!.AsArray().Select(c => (string)c!).ToArray());
        Assert.Null(data["previous"]);
        Assert.Equal("order-42", (string?)data["order_id"]);
        Assert.Equal("#1042", (string?)data["order_number"]);
        Assert.Equal("webhook", (string?)data["source"]);
        Assert.Equal(2, (int)data["current"]!["checkpoint_count"]!);
        Assert.Equal(2, data["checkpoints_added"]!.AsArray().Count);
        Assert.Equal("Scan 1 at a sorting facility with a long enough description to be realistic", (string?)data["newest_checkpoint"]!["message"]);
        Assert.DoesNotContain("person@example.com", created.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Private Person", created.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_rejects_a_published_event_whose_sequence_is_not_zero_padded_or_whose_type_is_unknown()
    {
        await using var app = await ChangeEventApp.StartAsync();
        await app.PostAsync(WebhookBodies.Event(Version(NewId(), 0)));
        var created = Assert.Single(await app.ReceiveAllAsync());

        var unpadded = created.DeepClone().AsObject();
        unpadded["sequence"] = "1";
        var unknown = created.DeepClone().AsObject();
        unknown["type"] = "com.trackingfunctions.tracking.teleported";

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ChangeEventApp.AssertValid(unpadded.ToJsonString()));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ChangeEventApp.AssertValid(unknown.ToJsonString()));
    }

    [Fact]
    public async Task Personal_data_is_included_only_when_the_setting_turns_it_on()
    {
        await using var app = await ChangeEventApp.StartAsync(new Dictionary<string, string?> { ["ChangeEvents:IncludePersonalData"] = "true" });

        await app.PostAsync(WebhookBodies.Event(Version(NewId(), 0)));

        var created = Assert.Single(await app.ReceiveAllAsync());
        Assert.Equal("person@example.com", (string?)created["data"]!["personal"]!["customers"]![0]!["email"]);
    }

    [Theory]
    [InlineData("Delivered", "Delivered_001", ChangeEventTypes.Delivered)]
    [InlineData("Exception", "Exception_001", ChangeEventTypes.Exception)]
    [InlineData("OutForDelivery", "OutForDelivery_001", ChangeEventTypes.StatusChanged)]
    [InlineData("InTransit", "InTransit_002", ChangeEventTypes.StatusChanged)]
    public async Task Tag_or_subtag_change_publishes_its_status_event(string tag, string subtag, string expectedType)
    {
        var id = NewId();
        await using var app = await StartWithTrackingAsync(id);
        var next = Version(id, 10);
        next["tag"] = tag;
        next["subtag"] = subtag;

        await app.PostAsync(WebhookBodies.Event(next));

        var changed = Assert.Single(await app.ReceiveAllAsync());
        Assert.Equal(expectedType, (string?)changed["type"]);
        Assert.Equal("000000000002", (string?)changed["sequence"]);
        Assert.Equal(["status"], changed["data"]!["changes"]!.AsArray().Select(c => (string)c!).ToArray());
        Assert.Equal("InTransit", (string?)changed["data"]!["previous"]!["tag"]);
        Assert.Equal("InTransit_001", (string?)changed["data"]!["previous"]!["subtag"]);
        Assert.Equal(tag, (string?)changed["data"]!["current"]!["tag"]);
        Assert.Equal(subtag, (string?)changed["data"]!["current"]!["subtag"]);
    }

    [Fact]
    public async Task New_checkpoints_publish_checkpoint_added_with_only_the_new_ones()
    {
        var id = NewId();
        await using var app = await StartWithTrackingAsync(id);

        await app.PostAsync(WebhookBodies.Event(Version(id, 10, checkpoints: 3)));

        var added = Assert.Single(await app.ReceiveAllAsync());
        Assert.Equal(ChangeEventTypes.CheckpointAdded, (string?)added["type"]);
        Assert.Equal(1, (int)added["data"]!["previous"]!["checkpoint_count"]!);
        Assert.Equal(3, (int)added["data"]!["current"]!["checkpoint_count"]!);
        Assert.Equal(
            ["Scan 1 at a sorting facility with a long enough description to be realistic", "Scan 2 at a sorting facility with a long enough description to be realistic"],
            added["data"]!["checkpoints_added"]!.AsArray().Select(c => (string)c!["message"]!).ToArray());
    }

    [Theory]
    [InlineData("courier_estimated_delivery_date")]
    [InlineData("aftership_estimated_delivery_date")]
    [InlineData("custom_estimated_delivery_date")]
    [InlineData("latest_estimated_delivery")]
    public async Task Changed_delivery_estimate_publishes_estimate_changed(string field)
    {
        var id = NewId();
        await using var app = await StartWithTrackingAsync(id);
        var next = Version(id, 10);
        next[field] = new JsonObject { ["estimated_delivery_date"] = "2026-11-05", ["estimated_delivery_date_min"] = null, ["estimated_delivery_date_max"] = null };

        await app.PostAsync(WebhookBodies.Event(next));

        var changed = Assert.Single(await app.ReceiveAllAsync());
        Assert.Equal(ChangeEventTypes.EstimateChanged, (string?)changed["type"]);
        Assert.Null(changed["data"]!["previous"]!["estimates"]![field]);
        Assert.Equal("2026-11-05", (string?)changed["data"]!["current"]!["estimates"]![field]!["estimated_delivery_date"]);
    }

    [Fact]
    public async Task Active_becoming_inactive_publishes_inactive()
    {
        var id = NewId();
        await using var app = await StartWithTrackingAsync(id);
        var next = Version(id, 10);
        next["active"] = false;

        await app.PostAsync(WebhookBodies.Event(next));

        var changed = Assert.Single(await app.ReceiveAllAsync());
        Assert.Equal(ChangeEventTypes.Inactive, (string?)changed["type"]);
        Assert.True((bool)changed["data"]!["previous"]!["active"]!);
        Assert.False((bool)changed["data"]!["current"]!["active"]!);
    }

    [Fact]
    public async Task Several_changes_in_one_write_publish_one_event_listing_them_all()
    {
        var id = NewId();
        await using var app = await StartWithTrackingAsync(id);
        var next = Version(id, 10, checkpoints: 2, tag: "Delivered");
        next["active"] = false;

        await app.PostAsync(WebhookBodies.Event(next));

        var changed = Assert.Single(await app.ReceiveAllAsync());
        Assert.Equal(ChangeEventTypes.Delivered, (string?)changed["type"]);
        Assert.Equal(["checkpoints", "inactive", "status"], changed["data"]!["changes"]!.AsArray().Select(c => (string)c!).Order().ToArray());
    }

    [Fact]
    public async Task Duplicate_delivery_stale_event_and_newer_state_with_nothing_new_publish_nothing()
    {
        var id = NewId();
        await using var app = await StartWithTrackingAsync(id);
        var newer = WebhookBodies.Event(Version(id, 10, checkpoints: 2), eventId: "evt-newer");
        await app.PostAsync(newer);
        Assert.Single(await app.ReceiveAllAsync());

        Assert.Equal(200, await app.PostAsync(newer));
        Assert.Equal(200, await app.PostAsync(WebhookBodies.Event(Version(id, 5, checkpoints: 1))));
        var sameAgain = Version(id, 20, checkpoints: 2);
        sameAgain["title"] = "only the title changed";
        Assert.Equal(200, await app.PostAsync(WebhookBodies.Event(sameAgain)));

        Assert.Empty(await app.ReceiveAllAsync());
        var state = await app.App.Get<ITrackingStore>().GetAsync(id, CancellationToken.None);
        Assert.Equal(2, state!.ChangeSequence);
        Assert.Equal(WebhookBodies.BaseTime.AddMinutes(20).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), state.UpdatedAt);
    }

    [Fact]
    public async Task Refresh_that_found_nothing_new_publishes_nothing()
    {
        var id = NewId();
        await using var app = await StartWithTrackingAsync(id);
        var store = app.App.Get<ITrackingStore>();
        var known = await store.GetAsync(id, CancellationToken.None);

        var result = await store.ApplyRefreshAsync(Tracking.FromJson(System.Text.Json.JsonSerializer.SerializeToElement(Version(id, 0))), known! with { NextRefreshAt = DateTimeOffset.MinValue }, CancellationToken.None);

        Assert.False(result.Changed);
        Assert.Empty(await app.ReceiveAllAsync());
    }

    [Fact]
    public async Task Delete_and_mark_completed_publish_their_ending_once()
    {
        var id = NewId();
        await using var app = await StartWithTrackingAsync(id);
        var lifecycle = app.App.Get<ITrackingLifecycleStore>();
        var tracking = Tracking.FromJson(System.Text.Json.JsonSerializer.SerializeToElement(Version(id, 0)));

        await lifecycle.ApplyLifecycleAsync(tracking, TrackingLifecycle.Completed, CancellationToken.None);
        await lifecycle.ApplyLifecycleAsync(tracking, TrackingLifecycle.Completed, CancellationToken.None);
        await lifecycle.ApplyLifecycleAsync(tracking, TrackingLifecycle.Deleted, CancellationToken.None);
        await lifecycle.ApplyLifecycleAsync(tracking, TrackingLifecycle.Deleted, CancellationToken.None);

        var events = await app.ReceiveAllAsync();
        Assert.Equal([ChangeEventTypes.Completed, ChangeEventTypes.Deleted], events.Select(e => (string)e["type"]!).ToArray());
        Assert.Equal(["000000000002", "000000000003"], events.Select(e => (string)e["sequence"]!).ToArray());
        Assert.All(events, e => Assert.Equal("command", (string?)e["data"]!["source"]));
    }
}
