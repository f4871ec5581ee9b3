namespace TrackingFunctions.Changes;

/// <summary>
/// Test seam for the outbox's crash windows. In the app every switch stays off; tests turn one on to play a
/// process that dies between the state commit and the publish, or between the publish and the row's delete.
/// </summary>
public sealed class ChangeOutboxFaults
{
    /// <summary>The process "dies" right after the commit: nothing is handed to the publisher.</summary>
    internal bool DropAfterCommit { get; set; }

    /// <summary>The process "dies" right after sending an event: its outbox row is not deleted.</summary>
    internal bool DieAfterSend { get; set; }

    /// <summary>When set, immediate publishing waits for it (to count the round trips before a webhook's 2xx).</summary>
    internal Task? HoldPublishing { get; set; }
}
