namespace TrackingFunctions.Subscriptions;

/// <summary>One registered receiver of signed webhooks.</summary>
public sealed record Subscription(
    string Id,
    Uri Url,
    IReadOnlyList<string> EventTypes,
    string? Description,
    string Secret,
    string? PreviousSecret,
    DateTimeOffset? PreviousSecretExpiresAt,
    bool Enabled,
    string? DisabledReason,
    DateTimeOffset? DisabledAt,
    DateTimeOffset? FailingSince,
    DateTimeOffset CreatedAt)
{
    /// <summary>True when the subscription wants events of this type (exact, <c>*</c>, or a prefix ending in <c>.*</c>).</summary>
    public bool Wants(string eventType) => EventTypeFilter.Matches(EventTypes, eventType);

    /// <summary>
    /// The secrets that sign a delivery now: the previous one until its overlap ends, then the current one. The
    /// previous comes first because some verifiers (StandardWebhooks 1.1.2 among them) check only the first
    /// signature, and at the moment of a rotation every receiver still holds the previous secret.
    /// </summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now)
        => PreviousSecret is { Length: > 0 } previous && PreviousSecretExpiresAt > now ? [previous, Secret] : [Secret];
}
