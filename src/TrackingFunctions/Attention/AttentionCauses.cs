namespace TrackingFunctions.Attention;

/// <summary>Why a parcel needs attention: the <c>data.cause</c> of an attention event.</summary>
public static class AttentionCauses
{
    /// <summary>InTransit with no new checkpoint for <see cref="AlertOptions.NoCheckpointDays"/>.</summary>
    public const string NoCheckpoint = "no_checkpoint";

    /// <summary>Still Pending or InfoReceived <see cref="AlertOptions.PendingDays"/> after it was created.</summary>
    public const string StillPending = "still_pending";

    /// <summary>The latest delivery estimate (plus <see cref="AlertOptions.EstimateGraceDays"/>) passed without delivery.</summary>
    public const string EstimatePassed = "estimate_passed";

    /// <summary>The tag is Exception.</summary>
    public const string Exception = "exception";

    /// <summary>The tag is AttemptFail.</summary>
    public const string AttemptFail = "attempt_fail";

    public static readonly IReadOnlyList<string> All = [NoCheckpoint, StillPending, EstimatePassed, Exception, AttemptFail];
}
