namespace TrackingFunctions.Subscriptions;

/// <summary>What one HTTP attempt came to; <c>RetryAfter</c> is the receiver's <c>Retry-After</c> on a 429 or 503.</summary>
public sealed record SendResult(string Outcome, int? StatusCode, TimeSpan Duration, string? Error, TimeSpan? RetryAfter = null)
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string TimedOut = "timed_out";
    public const string Refused = "refused";
    public const string Gone = "gone";
    public const string Skipped = "skipped";

    public bool IsSuccess => Outcome == Succeeded;
}
