namespace TrackingFunctions.Changes;

/// <summary>What a write changed, as listed in an event's <c>data.changes</c>.</summary>
public static class ChangeKinds
{
    public const string Created = "created";
    public const string Status = "status";
    public const string Checkpoints = "checkpoints";
    public const string Estimate = "estimate";
    public const string Inactive = "inactive";
    public const string Completed = "completed";
    public const string Deleted = "deleted";
}
