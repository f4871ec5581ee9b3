using System.ComponentModel.DataAnnotations;
using TrackingFunctions.Settings;

namespace TrackingFunctions.Changes;

/// <summary>Where and how tracking change events are published (section <c>ChangeEvents</c>).</summary>
public sealed class ChangeEventOptions
{
    public const string SectionName = "ChangeEvents";

    /// <summary>The Storage queue the events go to; created if missing.</summary>
    [Required]
    [StorageQueueName]
    public string QueueName { get; set; } = "tracking-changes";

    /// <summary>The CloudEvents <c>source</c> of every event; consumers dedupe on <c>source</c> + <c>id</c>.</summary>
    [Required]
    public Uri Source { get; set; } = new("urn:trackingfunctions:trackings");

    /// <summary>
    /// Adds the customers and destination address fields to events. Off by default: a queue message is readable by
    /// anyone with access to the queue and often ends up in logs.
    /// </summary>
    public bool IncludePersonalData { get; set; }

    /// <summary>
    /// How old an outbox row must be before the sweep publishes it: younger rows are being published right after
    /// their commit, and taking them too would only send duplicates.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan SweepGracePeriod { get; set; } = TimeSpan.FromMinutes(1);
}
