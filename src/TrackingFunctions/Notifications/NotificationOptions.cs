namespace TrackingFunctions.Notifications;

/// <summary>
/// Shopper emails on delivery milestones (section <c>Notifications</c>, for example <c>Notifications__Enabled</c>).
/// Off by default, so no deployment starts mailing shoppers by surprise.
/// </summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>The flat app setting naming the queue of emails to send (default <c>tracking-notifications</c>).</summary>
    public const string QueueNameSetting = "NotificationQueueName";

    /// <summary>Send milestone emails. Default false: with it off, changes record and send nothing.</summary>
    public bool Enabled { get; set; }

    /// <summary>The sender, as a mailbox: <c>noreply@shop.example</c> or <c>Shop &lt;noreply@shop.example&gt;</c>.</summary>
    public string From { get; set; } = string.Empty;

    /// <summary>
    /// The milestones that send an email, comma-separated AfterShip tags. Default
    /// <c>InTransit,OutForDelivery,AvailableForPickup,AttemptFail,Exception,Delivered</c>.
    /// </summary>
    public string Milestones { get; set; } = string.Join(',', Milestone.Defaults);

    /// <summary>The language of a shopper whose <c>customers[].language</c> is missing or has no strings: <c>en</c> or <c>de</c>. Default <c>en</c>.</summary>
    public string DefaultLanguage { get; set; } = "en";

    /// <summary>
    /// Emails per minute for the whole deployment, shared by every instance (providers cap it: Azure Communication
    /// Services starts near 30). A burst waits in the queue; nothing is dropped. Default 30.
    /// </summary>
    public double RatePerMinute { get; set; } = 30;

    /// <summary>Attempts at one email before a transient failure (4xx, connection) is recorded as failed. Default 8.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait before the second attempt; each later one waits twice as long, at most an hour. Default 30 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The key that signs unsubscribe links and keys the suppression list (at least 32 characters; keep it in Key
    /// Vault). Required when <see cref="Enabled"/>. Changing it invalidates links already sent.
    /// </summary>
    public string UnsubscribeKey { get; set; } = string.Empty;

    /// <summary>A folder of Liquid templates that override the built-in subject and bodies (see the notifications docs). Default: none.</summary>
    public string TemplatesPath { get; set; } = string.Empty;

    public QuietHoursOptions QuietHours { get; set; } = new();

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The configured milestones as a set of tags.</summary>
    public IReadOnlySet<string> MilestoneSet()
        => Milestones.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
}

/// <summary>
/// An optional window in the shop's time zone in which no email goes out (section <c>Notifications:QuietHours</c>):
/// emails due inside it wait until it ends. Empty <see cref="Start"/> and <see cref="End"/> mean no quiet hours.
/// </summary>
public sealed class QuietHoursOptions
{
    /// <summary>Local start, <c>HH:mm</c> (for example <c>21:00</c>).</summary>
    public string Start { get; set; } = string.Empty;

    /// <summary>Local end, <c>HH:mm</c> (for example <c>08:00</c>); before the start means the window spans midnight.</summary>
    public string End { get; set; } = string.Empty;

    /// <summary>The shop's IANA time zone (for example <c>Europe/Berlin</c>). Default UTC.</summary>
    public string TimeZone { get; set; } = "UTC";
}

/// <summary>How the app reaches its SMTP server (section <c>Notifications:Smtp</c>).</summary>
public sealed class SmtpOptions
{
    /// <summary>The server's host name, for example <c>smtp.azurecomm.net</c>. Required when notifications are enabled.</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>The port, 1-65535. Default 587 (submission).</summary>
    public int Port { get; set; } = 587;

    /// <summary><c>None</c>, <c>StartTls</c>, <c>SslOnConnect</c> or <c>Auto</c> (TLS on 465, STARTTLS when offered otherwise). Default <c>Auto</c>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>The user name to authenticate with; empty for a server that needs none.</summary>
    public string UserName { get; set; } = string.Empty;

    /// <summary>The password (for ACS, the Entra application's client secret); keep it in Key Vault.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>How long one SMTP conversation may take. Default 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>TLS towards the SMTP server.</summary>
public enum SmtpSecurity
{
    Auto,
    None,
    StartTls,
    SslOnConnect,
}
