using System.ComponentModel.DataAnnotations;

namespace TrackingFunctions.Couriers;

/// <summary>
/// The courier directory and the checks on create commands (section <c>Couriers</c>, for example the app setting
/// <c>Couriers__DetectBeforeCreate</c>). The directory's daily refresh is the timer app setting
/// <c>CourierRefreshSchedule</c> (NCRONTAB, six fields, UTC).
/// </summary>
public sealed class CourierOptions
{
    public const string SectionName = "Couriers";

    /// <summary>The flat app setting the refresh timer binds as <c>%CourierRefreshSchedule%</c>.</summary>
    public const string ScheduleSetting = "CourierRefreshSchedule";

    /// <summary>
    /// A create with neither <c>slug</c> nor <c>slug_group</c> first asks POST /couriers/detect (3 requests/s, through
    /// the shared budget) which courier the number belongs to, so that courier's required fields are checked before
    /// the create is spent, and the tracking is created with the detected slug. Off: AfterShip detects on create.
    /// </summary>
    public bool DetectBeforeCreate { get; set; }

    /// <summary>
    /// A slug the directory does not know makes the app fetch the directory again, at most this often (across all
    /// instances: the time of the last refresh is stored with the directory). Default 10 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Couriers__MissRefreshInterval must be between 00:00:00 and 1.00:00:00.")]
    public TimeSpan MissRefreshInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an instance uses its in-memory copy of the stored directory before reading it again. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Couriers__ReloadInterval must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The timer schedule, read from <see cref="ScheduleSetting"/> (not from this section) for validation.</summary>
    internal string? RefreshSchedule { get; set; }
}
