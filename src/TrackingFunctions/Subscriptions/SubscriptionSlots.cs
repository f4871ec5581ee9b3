using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Subscriptions;

/// <summary>
/// Caps the attempts to one subscription running at once on this instance, so a slow endpoint holds at most that
/// many of the queue trigger's workers and the other subscriptions' deliveries keep going. A message finding no
/// slot waits briefly (a healthy receiver frees one within milliseconds) and otherwise goes back to the queue.
/// </summary>
public sealed class SubscriptionSlots(IOptions<SubscriptionOptions> options) : IDisposable
{
    /// <summary>How long a message waits for a slot before it goes back to the queue.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _slots = new();

    public Task<bool> TryEnterAsync(string subscriptionId, CancellationToken cancellationToken)
        => Slots(subscriptionId).WaitAsync(MaxWait, cancellationToken);

    public void Exit(string subscriptionId) => Slots(subscriptionId).Release();

    public void Dispose()
    {
        foreach (var slots in _slots.Values)
        {
            slots.Dispose();
        }
    }

    private SemaphoreSlim Slots(string subscriptionId)
        => _slots.GetOrAdd(subscriptionId, _ => new SemaphoreSlim(options.Value.MaxConcurrencyPerSubscription, options.Value.MaxConcurrencyPerSubscription));
}
