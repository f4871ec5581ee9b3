using System.ComponentModel.DataAnnotations;

namespace TrackingFunctions.Webhooks;

/// <summary>
/// Settings of the AfterShip webhook receiver (section <c>Webhook</c>, for example <c>Webhook__Secrets__0</c>).
/// </summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhook";

    /// <summary>
    /// Webhook secrets from AfterShip (Settings > Notifications > Webhooks). A delivery is accepted if its signature
    /// matches any of them, so during a rotation list the new secret and the old one until no delivery uses the old.
    /// </summary>
    [Required]
    [MinLength(1, ErrorMessage = "Webhook__Secrets__0 is required: the webhook secret AfterShip shows under Settings > Notifications > Webhooks.")]
    public IList<string> Secrets { get; } = [];

    /// <summary>Largest accepted body in bytes; larger deliveries get 413 before being hashed. Default 1 MiB.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
}
