namespace TrackingFunctions.Replay;

/// <summary>Columns a replay adds to a DeadLetters or WebhookQuarantine row, so a second replay skips it.</summary>
internal static class ReplayColumns
{
    public const string ReplayedAt = "ReplayedAt";

    /// <summary>
    /// For a dead letter: when a replay claimed it, before sending. A claim without <see cref="ReplayedAt"/> that is
    /// older than <c>DeadLetterReplayer.ClaimTimeout</c> belongs to a replay that died before it could send or mark.
    /// </summary>
    public const string ReplayClaimedAt = "ReplayClaimedAt";

    /// <summary>For a webhook: what storing it did (<c>Applied</c>, <c>Stale</c>, <c>Duplicate</c>).</summary>
    public const string ReplayOutcome = "ReplayOutcome";

    /// <summary>For a webhook that still cannot be read: when that was last found, and why.</summary>
    public const string LastReplayAttemptAt = "LastReplayAttemptAt";

    public const string LastReplayError = "LastReplayError";
}
