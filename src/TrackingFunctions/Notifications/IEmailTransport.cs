using MimeKit;

namespace TrackingFunctions.Notifications;

/// <summary>
/// Hands one message to the configured SMTP server (<c>Notifications__Smtp__*</c>). Any feature that emails
/// (shopper milestones, the shop's digest) sends through it; pacing and retries are the caller's.
/// </summary>
public interface IEmailTransport
{
    /// <summary>Sends <paramref name="message"/>; never throws for an SMTP or connection failure, it reports it.</summary>
    Task<EmailDelivery> SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>What the SMTP server made of one message.</summary>
public enum EmailOutcome
{
    /// <summary>Accepted (250 after DATA): the server now owns delivery.</summary>
    Accepted,

    /// <summary>Refused for good (5xx): retrying cannot help.</summary>
    Rejected,

    /// <summary>Not delivered this time (4xx, no connection, a timeout): try again later.</summary>
    Transient,
}

/// <summary>What the SMTP server made of one message.</summary>
/// <param name="Outcome">Accepted, refused for good, or try again.</param>
/// <param name="Reason">The server's reply (code and text) or the connection failure, for records; never an address.</param>
public sealed record EmailDelivery(EmailOutcome Outcome, string? Reason = null)
{
    public static readonly EmailDelivery Accepted = new(EmailOutcome.Accepted);
}
