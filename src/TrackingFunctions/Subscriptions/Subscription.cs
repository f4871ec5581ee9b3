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

    /// <summary>The secrets that sign a delivery now: the current one, and the previous one until its overlap ends.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now)
        => PreviousSecret is { Length: > 0 } previous && PreviousSecretExpiresAt > now ? [Secret, previous] : [Secret];
}
