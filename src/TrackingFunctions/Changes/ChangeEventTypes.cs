namespace TrackingFunctions.Changes;

/// <summary>
/// The CloudEvents <c>type</c> values. One write publishes one event; when it changes several things, the type is
/// the first that applies in this order, and <c>data.changes</c> lists them all.
/// </summary>
public static class ChangeEventTypes
{
    private const string Prefix = "com.trackingfunctions.tracking.";

    public const string Deleted = Prefix + "deleted";
    public const string Completed = Prefix + "completed";
    public const string Created = Prefix + "created";
    public const string Delivered = Prefix + "delivered";
    public const string Exception = Prefix + "exception";
    public const string StatusChanged = Prefix + "status_changed";
    public const string Inactive = Prefix + "inactive";
    public const string EstimateChanged = Prefix + "estimate_changed";
    public const string CheckpointAdded = Prefix + "checkpoint_added";

    /// <summary>Not a write's type: raised once per cause when a parcel needs the shop's attention (data.cause).</summary>
    public const string Attention = Prefix + "attention";

    public static readonly IReadOnlyList<string> All =
        [Deleted, Completed, Created, Delivered, Exception, StatusChanged, Inactive, EstimateChanged, CheckpointAdded, Attention];
}
