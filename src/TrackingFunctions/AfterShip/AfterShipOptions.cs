using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.AfterShip;

/// <summary>
/// Settings for calling the AfterShip Tracking API (section <c>AfterShip</c>, for example the app setting
/// <c>AfterShip__ApiKey</c>).
/// </summary>
public sealed class AfterShipOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "AfterShip";

    /// <summary>The default API root: version 2025-01, whose request and response bodies are flat.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.aftership.com/tracking/2025-01/");

    /// <summary>The AfterShip API key, sent as the <c>as-api-key</c> header. Required; never logged.</summary>
    [Required(ErrorMessage = "{0} is required. Create a key under AfterShip Admin > Settings > API keys.")]
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The API root, ending in <c>/tracking/2025-01/</c>. Point it at the simulator for local runs.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Requests per second for each endpoint; defaults are AfterShip's documented 2025-01 limits.</summary>
    [Required]
    [ValidateObjectMembers]
    public AfterShipRateLimits RateLimits { get; set; } = new();

    /// <summary>
    /// Share of each endpoint's limit that the client leaves unused (0 to 0.5, default 0.1). AfterShip counts requests
    /// in 1-second windows whose boundaries the client cannot see, and other tools may share the organisation's
    /// budget: sending at exactly the limit meets 429s whenever network jitter moves one request across a boundary.
    /// </summary>
    [Range(0.0, 0.5)]
    public double RateLimitHeadroom { get; set; } = 0.1;

    /// <summary>How often a failed call is retried (429, 5xx, 408, timeouts, connection failures). Default 4.</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>Base delay of the jittered exponential backoff for 5xx and timeouts. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Timeout of one HTTP attempt, not counting the wait for a rate-limit permit. Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Upper bound for one call including permit waits and retries. Default 2 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
