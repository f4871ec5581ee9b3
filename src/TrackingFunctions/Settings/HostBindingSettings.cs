using System.ComponentModel.DataAnnotations;

namespace TrackingFunctions.Settings;

/// <summary>
/// The top-level app settings the Functions host resolves in trigger bindings (<c>%CommandQueueName%</c>,
/// <c>%RefreshSchedule%</c>, …). The host itself only disables a function whose setting is missing, so the worker
/// checks them at start: a missing queue name or schedule stops the app instead of silently dropping a function.
/// </summary>
public sealed class HostBindingSettings
{
    /// <summary>The tracking-command queue (<c>tracking-commands</c> in the sample); its poison queue is <c>&lt;name&gt;-poison</c>.</summary>
    [Required(ErrorMessage = "{0} is required: the name of the command queue, e.g. tracking-commands.")]
    [StorageQueueName]
    [MaxLength(56, ErrorMessage = "{0} must be at most 56 characters, so that its poison queue <name>-poison is a valid queue name.")]
    public string CommandQueueName { get; set; } = string.Empty;

    /// <summary>The queue that carries an import forward (<c>tracking-import</c> in the sample).</summary>
    [Required(ErrorMessage = "{0} is required: the name of the import queue, e.g. tracking-import.")]
    [StorageQueueName]
    public string ImportQueueName { get; set; } = string.Empty;

    /// <summary>NCRONTAB schedule of the refresh timer (<c>0 */15 * * * *</c> in the sample).</summary>
    [Required(ErrorMessage = "{0} is required: the NCRONTAB schedule of the refresh timer, e.g. 0 */15 * * * *.")]
    [NcrontabSchedule]
    public string RefreshSchedule { get; set; } = string.Empty;

    /// <summary>NCRONTAB schedule of the change-outbox sweep (<c>0 */1 * * * *</c> in the sample).</summary>
    [Required(ErrorMessage = "{0} is required: the NCRONTAB schedule of the change-outbox sweep, e.g. 0 */1 * * * *.")]
    [NcrontabSchedule]
    public string ChangeSweepSchedule { get; set; } = string.Empty;

    /// <summary>The queue of signed webhook delivery attempts (<c>webhook-deliveries</c> in the sample).</summary>
    [Required(ErrorMessage = "{0} is required: the name of the signed webhook delivery queue, e.g. webhook-deliveries.")]
    [StorageQueueName]
    [MaxLength(56, ErrorMessage = "{0} must be at most 56 characters, so that its poison queue <name>-poison is a valid queue name.")]
    public string WebhookDeliveryQueueName { get; set; } = string.Empty;

    /// <summary>The queue of shopper emails waiting to be sent (<c>tracking-notifications</c> in the sample).</summary>
    [Required(ErrorMessage = "{0} is required: the name of the shopper email queue, e.g. tracking-notifications.")]
    [StorageQueueName]
    public string NotificationQueueName { get; set; } = string.Empty;

    /// <summary>NCRONTAB schedule of the attention timer (<c>0 5 * * * *</c> in the sample), required with alerts off too.</summary>
    [Required(ErrorMessage = "{0} is required: the NCRONTAB schedule of the attention timer, e.g. 0 5 * * * *.")]
    [NcrontabSchedule]
    public string AttentionSchedule { get; set; } = string.Empty;
}
