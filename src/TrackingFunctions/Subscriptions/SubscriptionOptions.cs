using System.ComponentModel.DataAnnotations;

namespace TrackingFunctions.Subscriptions;

/// <summary>Signed webhooks to the shop's other services (section <c>Subscriptions</c>).</summary>
public sealed class SubscriptionOptions
{
    public const string SectionName = "Subscriptions";

    /// <summary>
    /// Allows <c>http</c> targets and private, loopback and link-local addresses. Only for local development and
    /// tests: in Azure it would let anyone with the admin key make the app call its own network. Default false.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>How long one delivery attempt may take before it counts as failed. Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Subscriptions__AttemptTimeout must be between 00:00:01 and 00:01:00.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the previous secret keeps signing beside the new one after a rotation. Default 24 h.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00", ErrorMessage = "Subscriptions__SecretOverlap must be between 00:00:00 and 30.00:00:00.")]
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The waits before each retry, comma-separated TimeSpans; the first attempt goes at once. Default
    /// 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (the common Standard Webhooks schedule).
    /// </summary>
    [Required]
    public string RetrySchedule { get; set; } = "00:00:05,00:05:00,00:30:00,02:00:00,05:00:00,10:00:00,10:00:00";

    /// <summary>Each retry waits up to this fraction longer than its step, so retries from many events spread out. Default 0.1.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Subscriptions__Jitter must be between 0 and 1.")]
    public double Jitter { get; set; } = 0.1;

    /// <summary>A subscription whose every delivery has failed for this long is disabled. Default 5 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00", ErrorMessage = "Subscriptions__DisableAfter must be between 01:00:00 and 30.00:00:00.")]
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>How long each instance reuses its list of subscriptions; changes made elsewhere apply after at most this. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "Subscriptions__CacheDuration must be between 00:00:00 and 00:05:00.")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many days of events are kept for replay. Default 7.</summary>
    [Range(1, 30, ErrorMessage = "Subscriptions__EventRetentionDays must be between 1 and 30.")]
    public int EventRetentionDays { get; set; } = 7;

    /// <summary>
    /// At most this many attempts to one subscription run at once on one instance; the rest wait in the queue, so a
    /// slow endpoint cannot take every worker from the others. Default 4.
    /// </summary>
    [Range(1, 64, ErrorMessage = "Subscriptions__MaxConcurrencyPerSubscription must be between 1 and 64.")]
    public int MaxConcurrencyPerSubscription { get; set; } = 4;

    /// <summary>The retry waits as parsed from <see cref="RetrySchedule"/>; null when it does not parse.</summary>
    public IReadOnlyList<TimeSpan>? ParseRetrySchedule()
    {
        var steps = new List<TimeSpan>();
        foreach (var part in RetrySchedule.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TimeSpan.TryParse(part, System.Globalization.CultureInfo.InvariantCulture, out var step) || step < TimeSpan.Zero || step > TimeSpan.FromDays(6))
            {
                return null;
            }

            steps.Add(step);
        }

        return steps.Count is > 0 and <= 20 ? steps : null;
    }
}
