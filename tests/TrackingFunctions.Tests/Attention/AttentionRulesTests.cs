using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.Attention;

namespace TrackingFunctions.Tests.Attention;

public sealed class AttentionRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly AlertOptions Options = new() { NoCheckpointDays = 5, PendingDays = 3, EstimateGraceDays = 1 };

    private readonly FakeTimeProvider _time = new(Start);

    private static AttentionFacts InTransit(DateTimeOffset lastCheckpoint) => new()
    {
        Tag = "InTransit",
        Subtag = "InTransit_001",
        Active = true,
        CreatedAt = lastCheckpoint.AddDays(-1),
        LastCheckpointAt = lastCheckpoint,
    };

    private AttentionVerdict Evaluate(AttentionFacts facts) => AttentionRules.Evaluate(facts, Options, _time.GetUtcNow());

    [Fact]
    public void No_checkpoint_holds_only_once_the_days_since_the_newest_checkpoint_have_passed()
    {
        var facts = InTransit(Start);

        _time.Advance(TimeSpan.FromDays(5) - TimeSpan.FromSeconds(1));
        var before = Evaluate(facts);
        _time.Advance(TimeSpan.FromSeconds(1));
        var at = Evaluate(facts);

        Assert.Empty(before.Holds);
        Assert.Equal(Start.AddDays(5), before.NextCheckAt);
        var hold = Assert.Single(at.Holds);
        Assert.Equal(AttentionCauses.NoCheckpoint, hold.Cause);
        Assert.Equal(Start, hold.Since);
        Assert.Null(at.NextCheckAt);
    }

    [Theory]
    [InlineData("OutForDelivery")]
    [InlineData("AvailableForPickup")]
    [InlineData("Delivered")]
    public void No_checkpoint_applies_only_in_transit(string tag)
    {
        var facts = InTransit(Start) with { Tag = tag, Subtag = tag + "_001" };

        _time.Advance(TimeSpan.FromDays(30));

        Assert.DoesNotContain(Evaluate(facts).Holds, h => h.Cause == AttentionCauses.NoCheckpoint);
    }

    [Fact]
    public void A_tracking_without_checkpoints_counts_the_days_from_its_creation()
    {
        var facts = InTransit(Start) with { LastCheckpointAt = null, CreatedAt = Start };

        Assert.Equal(Start.AddDays(5), Evaluate(facts).NextCheckAt);
    }

    [Theory]
    [InlineData("Pending")]
    [InlineData("InfoReceived")]
    public void Still_pending_holds_the_set_days_after_creation(string tag)
    {
        var facts = new AttentionFacts { Tag = tag, Active = true, CreatedAt = Start };

        var early = Evaluate(facts);
        _time.Advance(TimeSpan.FromDays(3));
        var late = Evaluate(facts);

        Assert.Empty(early.Holds);
        Assert.Equal(Start.AddDays(3), early.NextCheckAt);
        Assert.Equal(AttentionCauses.StillPending, Assert.Single(late.Holds).Cause);
    }

    [Fact]
    public void Estimate_passed_holds_after_the_estimate_and_the_grace_days_without_delivery()
    {
        var facts = InTransit(Start.AddDays(10)) with { EstimateEndsAt = Start.AddDays(2) };

        var before = Evaluate(facts);
        _time.Advance(TimeSpan.FromDays(3));
        var after = Evaluate(facts);

        Assert.Equal(Start.AddDays(3), before.NextCheckAt);
        Assert.Equal(AttentionCauses.EstimatePassed, Assert.Single(after.Holds).Cause);
        Assert.Equal(Start.AddDays(2), after.Holds[0].Since);
    }

    [Fact]
    public void A_delivered_parcel_is_never_late_and_has_no_deadline()
    {
        var facts = InTransit(Start) with { Tag = "Delivered", Subtag = "Delivered_001", Active = false, EstimateEndsAt = Start };

        _time.Advance(TimeSpan.FromDays(30));
        var verdict = Evaluate(facts);

        Assert.Empty(verdict.Holds);
        Assert.Null(verdict.NextCheckAt);
    }

    [Theory]
    [InlineData("Exception", AttentionCauses.Exception)]
    [InlineData("AttemptFail", AttentionCauses.AttemptFail)]
    public void Exception_and_attempt_fail_hold_at_once_while_the_tag_says_so(string tag, string cause)
    {
        var facts = InTransit(Start) with { Tag = tag, Subtag = tag + "_001" };

        var verdict = Evaluate(facts);

        Assert.Equal(cause, Assert.Single(verdict.Holds).Cause);
    }

    [Fact]
    public void An_exception_that_ends_the_shipment_still_holds_but_starts_no_timed_cause()
    {
        var facts = InTransit(Start) with { Tag = "Exception", Subtag = "Exception_011", EstimateEndsAt = Start };

        _time.Advance(TimeSpan.FromDays(30));
        var verdict = Evaluate(facts);

        Assert.Equal(AttentionCauses.Exception, Assert.Single(verdict.Holds).Cause);
        Assert.Null(verdict.NextCheckAt);
    }

    [Theory]
    [InlineData("completed")]
    [InlineData("deleted")]
    public void A_tracking_ended_by_a_command_starts_no_timed_cause(string lifecycle)
    {
        var facts = InTransit(Start) with { Lifecycle = lifecycle };

        _time.Advance(TimeSpan.FromDays(30));
        var verdict = Evaluate(facts);

        Assert.Empty(verdict.Holds);
        Assert.Null(verdict.NextCheckAt);
    }

    [Fact]
    public void The_next_check_is_the_earliest_deadline_of_the_causes_that_do_not_hold_yet()
    {
        var facts = InTransit(Start) with { EstimateEndsAt = Start.AddDays(1) };

        Assert.Equal(Start.AddDays(2), Evaluate(facts).NextCheckAt);
    }

    [Fact]
    public void Several_causes_can_hold_at_once()
    {
        var facts = InTransit(Start) with { EstimateEndsAt = Start };

        _time.Advance(TimeSpan.FromDays(6));

        Assert.Equal([AttentionCauses.NoCheckpoint, AttentionCauses.EstimatePassed], Evaluate(facts).Holds.Select(h => h.Cause).ToArray());
    }
}
