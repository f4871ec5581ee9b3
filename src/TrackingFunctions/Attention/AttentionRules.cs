using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.Changes;
using TrackingFunctions.Refresh;

namespace TrackingFunctions.Attention;

/// <summary>A cause that holds now, and since when its condition has held (null when unknown).</summary>
public sealed record AttentionHold(string Cause, DateTimeOffset? Since);

/// <summary>
/// What the rules find for one tracking at one moment: the causes that hold, and the next moment a cause that
/// does not hold yet would start to hold if nothing changes (null: only a change can start one).
/// </summary>
public sealed record AttentionVerdict(IReadOnlyList<AttentionHold> Holds, DateTimeOffset? NextCheckAt)
{
    public bool HoldsCause(string cause) => Holds.Any(h => h.Cause == cause);
}

/// <summary>
/// The attention rules, free of I/O. Exception and AttemptFail hold while the tag says so. The three timed causes
/// hold once their threshold has passed and only while the tracking is still on its way (not Delivered, Expired,
/// inactive, completed or deleted): a new checkpoint, a tag change or a later estimate ends them. Time alone
/// only ever starts a cause; only a stored change ends one.
/// </summary>
public static class AttentionRules
{
    /// <summary>The cause a tag raises by itself (Exception, AttemptFail), or null.</summary>
    public static string? TagCause(string? tag) => tag switch
    {
        TrackingTags.Exception => AttentionCauses.Exception,
        TrackingTags.AttemptFail => AttentionCauses.AttemptFail,
        _ => null,
    };

    public static bool IsTagCause(string cause) => cause is AttentionCauses.Exception or AttentionCauses.AttemptFail;

    public static AttentionVerdict Evaluate(AttentionFacts facts, AlertOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(options);
        var holds = new List<AttentionHold>();
        DateTimeOffset? next = null;
        if (facts.Lifecycle is TrackingLifecycle.Deleted)
        {
            return new AttentionVerdict(holds, null);
        }

        if (facts.Tag == TrackingTags.Exception)
        {
            holds.Add(new AttentionHold(AttentionCauses.Exception, facts.LastCheckpointAt));
        }

        if (facts.Tag == TrackingTags.AttemptFail)
        {
            holds.Add(new AttentionHold(AttentionCauses.AttemptFail, facts.LastCheckpointAt));
        }

        if (facts.Lifecycle is not null || RefreshPolicy.IsTerminal(facts.Tag, facts.Subtag, facts.Active))
        {
            return new AttentionVerdict(holds, null);
        }

        void Timed(string cause, bool applies, DateTimeOffset? since, TimeSpan threshold)
        {
            if (!applies || since is not { } start)
            {
                return;
            }

            var due = start + threshold;
            if (due <= now)
            {
                holds.Add(new AttentionHold(cause, start));
            }
            else if (next is null || due < next)
            {
                next = due;
            }
        }

        Timed(AttentionCauses.NoCheckpoint, facts.Tag == TrackingTags.InTransit, facts.LastCheckpointAt ?? facts.CreatedAt, TimeSpan.FromDays(options.NoCheckpointDays));
        Timed(AttentionCauses.StillPending, facts.Tag is TrackingTags.Pending or TrackingTags.InfoReceived, facts.CreatedAt, TimeSpan.FromDays(options.PendingDays));
        Timed(AttentionCauses.EstimatePassed, facts.Tag != TrackingTags.Delivered, facts.EstimateEndsAt, TimeSpan.FromDays(options.EstimateGraceDays));
        return new AttentionVerdict(holds, next);
    }
}
