namespace TrackingFunctions.Storage;

/// <summary>Where a stored tracking state came from.</summary>
public static class TrackingSource
{
    public const string Webhook = "webhook";
    public const string Refresh = "refresh";
    public const string Command = "command";

    /// <summary>A bulk import of existing trackings.</summary>
    public const string Import = "import";
}
