using System.ComponentModel.DataAnnotations;

namespace TrackingFunctions.Attention;

/// <summary>
/// Alerts to the shop about parcels that need attention (section <c>Alerts</c>, for example the app setting
/// <c>Alerts__NoCheckpointDays</c>). The timer that finds parcels whose threshold passed without any new change runs
/// on the app setting <c>AttentionSchedule</c> (NCRONTAB, six fields, UTC).
/// </summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>
    /// Raises <c>com.trackingfunctions.tracking.attention</c> events on the change queue. Off by default, so no
    /// deployment's consumers meet a new event type by surprise.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>Days an InTransit parcel may go without a new checkpoint before it is reported stalled (1-90). Default 5.</summary>
    [Range(1, 90, ErrorMessage = "Alerts__NoCheckpointDays must be a whole number of days from 1 to 90.")]
    public int NoCheckpointDays { get; set; } = 5;

    /// <summary>Days after <c>created_at</c> a parcel may stay Pending or InfoReceived (1-30; AfterShip expires it at 30). Default 3.</summary>
    [Range(1, 30, ErrorMessage = "Alerts__PendingDays must be a whole number of days from 1 to 30.")]
    public int PendingDays { get; set; } = 3;

    /// <summary>
    /// Days after the end of the latest delivery estimate before an undelivered parcel is reported late (0-30).
    /// Default 1: a parcel due by Tuesday is reported when Wednesday is over without delivery.
    /// </summary>
    [Range(0, 30, ErrorMessage = "Alerts__EstimateGraceDays must be a whole number of days from 0 to 30.")]
    public int EstimateGraceDays { get; set; } = 1;

    /// <summary>
    /// Where the hourly digest of attention events goes (one mailbox, for example <c>support@shop.example</c>); empty:
    /// no digest. It is sent through the SMTP server and sender of the shopper emails (<c>Notifications__Smtp__*</c>,
    /// <c>Notifications__From</c>), which need not be enabled for shoppers.
    /// </summary>
    public string Email { get; set; } = string.Empty;

    /// <summary>Most trackings one timer run checks (1-100,000); the rest wait for the next run, most overdue first. Default 10,000.</summary>
    [Range(1, 100_000, ErrorMessage = "Alerts__MaxTrackingsPerRun must be from 1 to 100000.")]
    public int MaxTrackingsPerRun { get; set; } = 10_000;
}
