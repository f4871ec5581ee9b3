using System.ComponentModel.DataAnnotations;

namespace TrackingFunctions.Refresh;

/// <summary>
/// Settings of the refresh timer (section <c>Refresh</c>, for example the app setting <c>Refresh__BaseInterval</c>).
/// The timer's schedule itself is the app setting <c>RefreshSchedule</c> (NCRONTAB, six fields, UTC); the request
/// rates are <c>AfterShip__RateLimits__*</c> less <c>AfterShip__RateLimitHeadroom</c>.
/// </summary>
/// <remarks>
/// AfterShip polls each courier on its own schedule, roughly every 3 to 12 hours, and pushes what it finds as a
/// webhook. The refresh is the safety net for webhooks that never arrived, so it need not be faster than AfterShip:
/// a tracking that just changed is checked again after <see cref="BaseInterval"/> (2 h, inside AfterShip's fastest
/// cycle, so a missed update is caught within about one AfterShip poll); every refresh that finds nothing new doubles
/// the wait (<see cref="BackoffFactor"/>) up to <see cref="MaxInterval"/> (12 h, AfterShip's slowest cycle: polling
/// an idle shipment more often than AfterShip polls the courier cannot find anything). <see cref="Jitter"/> (±10%)
/// keeps trackings imported together from coming due in the same run forever. A run every 15 minutes
/// (<c>0 */15 * * * *</c>) takes at most <see cref="MaxTrackingsPerRun"/> (10,000) due trackings: 200 list calls of
/// 50, about 40 s at GET /trackings' 6 requests/s less 10% headroom, well inside the 4-minute <see cref="TimeBudget"/>.
/// That is 40,000 refreshes an hour, enough for about 240,000 active trackings at an average 6-hour interval.
/// </remarks>
public sealed class RefreshOptions
{
    public const string SectionName = "Refresh";

    /// <summary>Tracking numbers per GET /trackings call (1-50; AfterShip accepts at most 50). Default 50.</summary>
    [Range(1, 50)]
    public int BatchSize { get; set; } = 50;

    /// <summary>Wait after a change, a webhook or a command before the next refresh. Default 2 hours.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan BaseInterval { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How much the wait grows after a refresh that found nothing new (1-10). Default 2.</summary>
    [Range(1.0, 10.0)]
    public double BackoffFactor { get; set; } = 2;

    /// <summary>The longest wait between two refreshes of an active tracking. Default 12 hours.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Random spread of each wait, as a share of it (0-0.5). Default 0.1, i.e. ±10%.</summary>
    [Range(0.0, 0.5)]
    public double Jitter { get; set; } = 0.1;

    /// <summary>
    /// After this long a run starts no new AfterShip call; calls in flight finish and are stored. Must stay well under
    /// the host's functionTimeout (10 minutes in host.json). Default 4 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:09:00")]
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>Most due trackings one run reads from the due index (1-100,000). Default 10,000.</summary>
    [Range(1, 100_000)]
    public int MaxTrackingsPerRun { get; set; } = 10_000;

    /// <summary>
    /// AfterShip keeps trackings for 120 days after <c>created_at</c>; older ones leave the schedule instead of
    /// costing a call that can only answer 4004. Default 120 days.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(120);

    /// <summary>
    /// AfterShip calls one run keeps in flight (1-32). The client's shared per-endpoint limiter spaces them; enough
    /// must wait in its queue that it never idles while a response is on its way. Default 8.
    /// </summary>
    [Range(1, 32)]
    public int MaxConcurrency { get; set; } = 8;
}
