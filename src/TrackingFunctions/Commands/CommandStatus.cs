namespace TrackingFunctions.Commands;

/// <summary>The recorded state of a tracking command.</summary>
public static class CommandStatus
{
    /// <summary>AfterShip accepted it and the resulting tracking is stored.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>It can never succeed as sent (bad message, or AfterShip refused it with a 4xx); not retried.</summary>
    public const string Failed = "failed";

    /// <summary>A transient failure; the queue will deliver it again.</summary>
    public const string Retrying = "retrying";

    /// <summary>Still failing after every retry; it went to the poison queue and is kept in the DeadLetters table.</summary>
    public const string DeadLettered = "dead_lettered";
}
