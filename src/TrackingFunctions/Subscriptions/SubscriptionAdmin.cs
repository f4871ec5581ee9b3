using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Subscriptions;

/// <summary>What the admin API does to subscriptions; every change drops this instance's cached list.</summary>
public sealed class SubscriptionAdmin(SubscriptionStore store, SubscriptionCache cache, TargetGuard guard, IOptions<SubscriptionOptions> options, TimeProvider time)
{
    /// <summary>The new subscription, or why the URL is refused.</summary>
    public async Task<(Subscription? Created, string? Error)> CreateAsync(Uri url, IReadOnlyList<string> eventTypes, string? description, CancellationToken cancellationToken)
    {
        if (await guard.CheckUrlAsync(url, cancellationToken) is { } refused)
        {
            return (null, refused);
        }

        var subscription = new Subscription(
            "sub_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            url,
            eventTypes,
            description,
            WebhookSecret.Create(),
            null,
            null,
            Enabled: true,
            DisabledReason: null,
            DisabledAt: null,
            FailingSince: null,
            time.GetUtcNow());
        await store.AddAsync(subscription, cancellationToken);
        cache.Invalidate();
        return (subscription, null);
    }

    public Task<Subscription?> FindAsync(string id, CancellationToken cancellationToken) => store.FindAsync(id, cancellationToken);

    public Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteAsync(id, cancellationToken);
        cache.Invalidate();
        return deleted;
    }

    /// <summary>A new secret; the old one keeps signing beside it for <see cref="SubscriptionOptions.SecretOverlap"/>.</summary>
    public Task<Subscription?> RotateSecretAsync(string id, CancellationToken cancellationToken)
    {
        var overlap = options.Value.SecretOverlap;
        return ChangeAsync(
            id,
            s => overlap > TimeSpan.Zero
                ? s with { Secret = WebhookSecret.Create(), PreviousSecret = s.Secret, PreviousSecretExpiresAt = time.GetUtcNow() + overlap }
                : s with { Secret = WebhookSecret.Create(), PreviousSecret = null, PreviousSecretExpiresAt = null },
            cancellationToken);
    }

    public Task<Subscription?> EnableAsync(string id, CancellationToken cancellationToken)
        => ChangeAsync(id, s => s with { Enabled = true, DisabledReason = null, DisabledAt = null, FailingSince = null }, cancellationToken);

    private async Task<Subscription?> ChangeAsync(string id, Func<Subscription, Subscription> change, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } current)
        {
            return null;
        }

        var changed = change(current);
        if (!await store.ReplaceAsync(changed, cancellationToken))
        {
            return null;
        }

        cache.Invalidate();
        return changed;
    }
}
