namespace TrackingFunctions.Import;

/// <summary>The states of an import job, as stored and as reported over HTTP.</summary>
public static class ImportState
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";
}
