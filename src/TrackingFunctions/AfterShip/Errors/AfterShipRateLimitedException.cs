using System.Net;

namespace TrackingFunctions.AfterShip.Errors;

/// <summary>AfterShip still answered 429 after the client's retries; transient.</summary>
public sealed class AfterShipRateLimitedException : AfterShipApiException
{
    public AfterShipRateLimitedException(HttpStatusCode? statusCode, int? metaCode, string? metaType, string? metaMessage, DateTimeOffset? resetAt)
        : base(statusCode, metaCode, metaType, metaMessage, isTransient: true)
    {
        ResetAt = resetAt;
    }

    /// <summary>When AfterShip said the rate-limit window resets (X-RateLimit-Reset), if it said.</summary>
    public DateTimeOffset? ResetAt { get; }
}
