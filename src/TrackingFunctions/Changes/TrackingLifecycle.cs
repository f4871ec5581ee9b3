namespace TrackingFunctions.Changes;

/// <summary>How a tracking's life ended by a command; stored with the state so the ending is announced once.</summary>
public static class TrackingLifecycle
{
    public const string Completed = "completed";
    public const string Deleted = "deleted";
}
