using System.Globalization;
using System.Net.Http.Headers;

namespace TrackingFunctions.AfterShip.Http;

/// <summary>How long to wait after a 429, from the headers AfterShip sends.</summary>
internal static class RateLimitHeaders
{
    /// <summary>When nothing says how long to wait: AfterShip's windows are one second long.</summary>
    public static readonly TimeSpan Fallback = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Added to a wait until X-RateLimit-Reset: timers fire to the millisecond at best and our clock is not
    /// AfterShip's, so aiming exactly at the reset second lands some retries just before it, into a full window.
    /// </summary>
    public static readonly TimeSpan ResetMargin = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);

    /// <summary>The instant X-RateLimit-Reset names (Unix seconds), if the header is present and readable.</summary>
    public static DateTimeOffset? ResetAt(HttpResponseHeaders headers)
        => headers.TryGetValues("X-RateLimit-Reset", out var values)
           && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
           && seconds > 0
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>
    /// Wait until X-RateLimit-Reset (documented for the Tracking API), else Retry-After (documented for other
    /// AfterShip APIs), else about one second. Capped so a wrong clock cannot stall a caller for long.
    /// </summary>
    public static TimeSpan DelayAfter429(HttpResponseMessage response, DateTimeOffset now)
    {
        TimeSpan delay;
        if (ResetAt(response.Headers) is { } reset)
        {
            delay = reset - now + ResetMargin;
        }
        else if (response.Headers.RetryAfter is { } retryAfter)
        {
            delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : Fallback);
        }
        else
        {
            delay = Fallback;
        }

        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > Longest ? Longest : delay;
    }
}
