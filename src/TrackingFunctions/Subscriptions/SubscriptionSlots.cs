using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace TrackingFunctions.Subscriptions;

/// <summary>
/// Caps the attempts to one subscription running at once on this instance, so a slow endpoint holds at most that
/// many of the queue trigger's workers and the other subscriptions' deliveries keep going.
/// </summary>
public sealed class SubscriptionSlots(IOptions<SubscriptionOptions> options)
{
    private readonly ConcurrentDictionary<string, StrongBox> _inFlight = new();

    public bool TryEnter(string subscriptionId)
    {
        var box = _inFlight.GetOrAdd(subscriptionId, _ => new StrongBox());
        if (Interlocked.Increment(ref box.Count) <= options.Value.MaxConcurrencyPerSubscription)
        {
            return true;
        }

        Interlocked.Decrement(ref box.Count);
        return false;
    }

    public void Exit(string subscriptionId)
    {
        if (_inFlight.TryGetValue(subscriptionId, out var box))
        {
            Interlocked.Decrement(ref box.Count);
        }
    }

    private sealed class StrongBox
    {
        public int Count;
    }
}
