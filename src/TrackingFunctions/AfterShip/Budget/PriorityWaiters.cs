namespace TrackingFunctions.AfterShip.Budget;

/// <summary>
/// Callers waiting for a slot, one queue per <see cref="AfterShipPriority"/>, served by smooth weighted round-robin
/// over the queues that have someone waiting: commands get 6, the refresh 3 and bulk work 1 of every 10 slots while
/// all three wait; a class with nobody waiting leaves its share to the others. So a higher class goes first most of
/// the time, and no class starves: under a sustained command burst the refresh still gets a third of the slots
/// (bulk a seventh), and the other way round commands get two thirds (six sevenths against bulk).
/// </summary>
internal sealed class PriorityWaiters<T>
    where T : class
{
    /// <summary>Weights in <see cref="AfterShipPriority"/> order.</summary>
    public static readonly int[] Weights = [6, 3, 1];

    private readonly Queue<T>[] _queues = [new(), new(), new()];
    private readonly int[] _credit = new int[3];

    public int Count => _queues[0].Count + _queues[1].Count + _queues[2].Count;

    public void Enqueue(AfterShipPriority priority, T waiter) => _queues[(int)priority].Enqueue(waiter);

    /// <summary>Drops waiters that no longer want a slot (cancelled), from every queue.</summary>
    public void RemoveWhere(Func<T, bool> gone)
    {
        foreach (var queue in _queues)
        {
            var keep = queue.Where(w => !gone(w)).ToList();
            if (keep.Count != queue.Count)
            {
                queue.Clear();
                keep.ForEach(queue.Enqueue);
            }
        }
    }

    /// <summary>The next waiter to serve, or false when nobody waits.</summary>
    public bool TryDequeue(out T? waiter)
    {
        var total = 0;
        var best = -1;
        for (var i = 0; i < _queues.Length; i++)
        {
            if (_queues[i].Count == 0)
            {
                continue;
            }

            _credit[i] += Weights[i];
            total += Weights[i];
            if (best < 0 || _credit[i] > _credit[best])
            {
                best = i;
            }
        }

        if (best < 0)
        {
            waiter = null;
            return false;
        }

        _credit[best] -= total;
        waiter = _queues[best].Dequeue();
        if (_queues[best].Count == 0)
        {
            // An emptied class starts afresh next time instead of cashing in credit saved while it was idle.
            _credit[best] = 0;
        }

        return true;
    }
}
