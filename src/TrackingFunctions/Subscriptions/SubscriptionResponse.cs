namespace TrackingFunctions.Subscriptions;

/// <summary>A subscription as the admin API shows it; the secret in full only when it was just made.</summary>
public sealed record SubscriptionResponse(
    string Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    string? Description,
    string Secret,
    DateTimeOffset? PreviousSecretExpiresAt,
    bool Enabled,
    string? DisabledReason,
    DateTimeOffset? DisabledAt,
    DateTimeOffset? FailingSince,
    DateTimeOffset CreatedAt)
{
    public static SubscriptionResponse From(Subscription s, bool showSecret) => new(
        s.Id,
        s.Url.AbsoluteUri,
        s.EventTypes,
        s.Description,
        showSecret ? s.Secret : WebhookSecret.Mask(s.Secret),
        s.PreviousSecretExpiresAt,
        s.Enabled,
        s.DisabledReason,
        s.DisabledAt,
        s.FailingSince,
        s.CreatedAt);
}
