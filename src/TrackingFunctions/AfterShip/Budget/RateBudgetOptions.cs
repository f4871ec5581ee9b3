using System.ComponentModel.DataAnnotations;

namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// The AfterShip rate budget shared by every instance of the deployment (section <c>RateBudget</c>, for example the
/// app setting <c>RateBudget__Enabled</c>). Instances claim blocks of each endpoint's send slots in a table of the
/// app's storage account, so together they stay inside AfterShip's per-endpoint limits.
/// </summary>
public sealed class RateBudgetOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "RateBudget";

    /// <summary>
    /// Share the budget through storage. Default true. Turn it off only for a deployment that never runs more than one
    /// instance and must not spend a storage operation on an idle endpoint's call: each instance then spends every
    /// endpoint's whole limit on its own, which multiplies the rate as soon as the app scales out.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How much send time one claim (one storage operation) reserves for an instance. Default 500 ms: at AfterShip's
    /// create limit that is 9 slots per claim. Longer costs fewer storage operations per call; shorter wastes less of
    /// the limit when an instance claims a block and then has little to send.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:05")]
    public TimeSpan ClaimSpan { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long the first attempt at a claim may take; each further attempt (<see cref="ClaimAttempts"/>) may take
    /// twice as long as the one before. Default 1 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan StorageTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Attempts at a claim before the instance stops waiting for storage and sends at its degraded local rate.
    /// Default 3: with the default timeout a claim gets 1 s, then 2 s, then 4 s.
    /// </summary>
    [Range(1, 10, ErrorMessage = "RateBudget__ClaimAttempts must be from 1 to 10.")]
    public int ClaimAttempts { get; set; } = 3;

    /// <summary>How long an instance stays in degraded mode before it tries storage again. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan DegradedRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often each instance writes its heartbeat row and reads the others', so it knows how many instances share
    /// the limit before it needs to run degraded. Default 10 s (two storage operations per instance).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "RateBudget__HeartbeatInterval must be from 00:00:01 to 00:05:00.")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest one claim waits for storage, over every attempt.</summary>
    internal TimeSpan ClaimPatience => StorageTimeout * ((1 << ClaimAttempts) - 1);
}
