using Microsoft.Extensions.Options;

namespace TrackingFunctions.Subscriptions;

/// <summary>When the next attempt goes: the schedule's step for the attempt that failed, plus jitter, and never before a <c>Retry-After</c>.</summary>
public sealed class RetryPolicy(IOptions<SubscriptionOptions> options)
{
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);

    private IReadOnlyList<TimeSpan> Steps => options.Value.ParseRetrySchedule() ?? [];

    /// <summary>Attempts in all: the first, then one per step.</summary>
    public int MaxAttempts => Steps.Count + 1;

    /// <summary>The wait before attempt <paramref name="failedAttempt"/> + 1, or null when the schedule has run out.</summary>
    public TimeSpan? DelayAfter(int failedAttempt, TimeSpan? retryAfter)
    {
        var steps = Steps;
        if (failedAttempt < 1 || failedAttempt > steps.Count)
        {
            return null;
        }

        var step = steps[failedAttempt - 1];
        var jittered = step * (1 + (Random.Shared.NextDouble() * options.Value.Jitter));
        return retryAfter is { } asked && asked > jittered ? (asked < MaxRetryAfter ? asked : MaxRetryAfter) : jittered;
    }
}
