using System.Text;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Changes;
using TrackingFunctions.Storage;

namespace TrackingFunctions.Tests.Changes;

public sealed class ChangeDetectorTests
{
    private const string NoEstimates = """{"courier_estimated_delivery_date":null,"aftership_estimated_delivery_date":null,"custom_estimated_delivery_date":null,"latest_estimated_delivery":null}""";

    private static StoredTracking Stored(string tag = "InTransit", string subtag = "InTransit_001", bool active = true, int checkpoints = 1, string? estimates = NoEstimates, string? lifecycle = null)
        => new() { Id = "t1", Source = TrackingSource.Webhook, Tag = tag, Subtag = subtag, Active = active, CheckpointCount = checkpoints, Estimates = estimates, Lifecycle = lifecycle };

    private static (Tracking Tracking, TrackingFacts Facts) Incoming(string tag = "InTransit", string subtag = "InTransit_001", bool active = true, int checkpoints = 1, string extra = "")
    {
        var json = $$"""{"id":"t1","tag":"{{tag}}","subtag":"{{subtag}}","active":{{(active ? "true" : "false")}},"checkpoints":[{{string.Join(',', Enumerable.Repeat("{}", checkpoints))}}]{{extra}}}""";
        var tracking = new Tracking { Id = "t1", Tag = tag, Subtag = subtag, Active = active, CheckpointCount = checkpoints };
        return (tracking, TrackingFacts.Read(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Detect_SameState_FindsNothing()
    {
        var (tracking, facts) = Incoming();

        Assert.Empty(ChangeDetector.Detect(Stored(), tracking, facts, lifecycle: null));
    }

    [Fact]
    public void Detect_StateStoredBeforeChangeEvents_DoesNotTakeAnEstimateForAChange()
    {
        var (tracking, facts) = Incoming(extra: ""","latest_estimated_delivery":{"datetime":"2026-12-01"}""");

        Assert.Empty(ChangeDetector.Detect(Stored(estimates: null), tracking, facts, lifecycle: null));
        Assert.Equal([ChangeKinds.Estimate], ChangeDetector.Detect(Stored(), tracking, facts, lifecycle: null));
    }

    [Fact]
    public void Detect_FewerCheckpoints_IsNotACheckpointChange()
    {
        var (tracking, facts) = Incoming(checkpoints: 1);

        Assert.Empty(ChangeDetector.Detect(Stored(checkpoints: 3), tracking, facts, lifecycle: null));
    }

    [Fact]
    public void Detect_InactiveBecomingActive_IsNotAnInactiveChange()
    {
        var (tracking, facts) = Incoming(active: true);

        Assert.Empty(ChangeDetector.Detect(Stored(active: false), tracking, facts, lifecycle: null));
    }

    [Fact]
    public void Detect_DeleteOfAnAlreadyDeletedTracking_FindsNothing()
    {
        var (tracking, facts) = Incoming();

        Assert.Empty(ChangeDetector.Detect(Stored(lifecycle: TrackingLifecycle.Deleted), tracking, facts, TrackingLifecycle.Deleted));
        Assert.Equal([ChangeKinds.Deleted], ChangeDetector.Detect(Stored(lifecycle: TrackingLifecycle.Completed), tracking, facts, TrackingLifecycle.Deleted));
    }

    [Theory]
    [InlineData("Delivered", ChangeEventTypes.Delivered)]
    [InlineData("Exception", ChangeEventTypes.Exception)]
    [InlineData("AttemptFail", ChangeEventTypes.StatusChanged)]
    public void TypeOf_TagChange_NamesTheNewTag(string tag, string expected)
    {
        var (tracking, _) = Incoming(tag: tag, subtag: tag + "_001", active: false, checkpoints: 2);

        Assert.Equal(expected, ChangeDetector.TypeOf([ChangeKinds.Checkpoints, ChangeKinds.Inactive, ChangeKinds.Status], Stored(), tracking));
    }

    [Fact]
    public void TypeOf_SubtagChangeWithinDelivered_IsStatusChanged()
    {
        var (tracking, _) = Incoming(tag: "Delivered", subtag: "Delivered_002");

        Assert.Equal(ChangeEventTypes.StatusChanged, ChangeDetector.TypeOf([ChangeKinds.Status], Stored(tag: "Delivered", subtag: "Delivered_001"), tracking));
    }

    [Fact]
    public void TypeOf_LifecycleOutranksEverythingElse()
    {
        var (tracking, _) = Incoming();

        Assert.Equal(ChangeEventTypes.Deleted, ChangeDetector.TypeOf([ChangeKinds.Created, ChangeKinds.Deleted], null, tracking));
        Assert.Equal(ChangeEventTypes.Completed, ChangeDetector.TypeOf([ChangeKinds.Status, ChangeKinds.Completed], Stored(), tracking));
    }
}
