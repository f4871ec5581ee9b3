namespace TrackingFunctions.Notifications;

/// <summary>Where one milestone's email stands, as the records API reports it.</summary>
public static class NotificationState
{
    /// <summary>Waiting in the queue to be sent (or retried after a transient failure).</summary>
    public const string Queued = "queued";

    /// <summary>Waiting for the shop's quiet hours to end.</summary>
    public const string QuietHours = "quiet_hours";

    /// <summary>The SMTP server accepted it for every recipient not suppressed.</summary>
    public const string Sent = "sent";

    /// <summary>Refused permanently (a 5xx), or still failing after every attempt; the reason says which.</summary>
    public const string Failed = "failed";

    /// <summary>Every recipient had unsubscribed.</summary>
    public const string Suppressed = "suppressed";

    /// <summary>The tracking has no customer with an email address.</summary>
    public const string NoRecipient = "no_recipient";

    /// <summary>A newer milestone arrived before this one went out; only the newer one is sent.</summary>
    public const string Superseded = "superseded";

    /// <summary>Reached before an import stored the tracking: old news, never sent.</summary>
    public const string BeforeImport = "before_import";

    public static bool IsFinal(string? state) => state is not (Queued or QuietHours);
}
