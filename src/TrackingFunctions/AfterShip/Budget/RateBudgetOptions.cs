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
    /// How long a claim may take before the instance stops waiting for storage and sends at its degraded local rate.
    /// Default 1 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan StorageTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an instance stays in degraded mode before it tries storage again. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan DegradedRetryInterval { get; set; } = TimeSpan.FromSeconds(5);
}
