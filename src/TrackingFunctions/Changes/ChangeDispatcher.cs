using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace TrackingFunctions.Changes;

/// <summary>
/// Publishes a tracking's new outbox rows right after their commit, off the caller's path, so a webhook answers
/// after its two storage round trips. Work for one tracking runs one at a time (so its events go out in sequence
/// order); a notification that arrives while it runs makes it run once more. Whatever fails here, or never runs
/// because the process dies, stays in the outbox for the sweep (<see cref="ChangeOutboxSweeper"/>). So does a commit
/// that finds the backlog full (<see cref="ChangeDispatchLimits.MaxBacklog"/> trackings waiting or running).
/// </summary>
public sealed partial class ChangeDispatcher(ChangePublisher publisher, ChangeOutboxFaults faults, ChangeDispatchLimits limits, ILogger<ChangeDispatcher> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, bool> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots = new(limits.MaxConcurrentTrackings);
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _idle = CompletedIdle();
    private bool _full;

    /// <summary>Trackings waiting or being published now.</summary>
    internal int Backlog
    {
        get
        {
            lock (_gate)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>The most trackings ever waiting or being published at once (tests check it against the bound).</summary>
    internal int PeakBacklog { get; private set; }

    /// <summary>Commits whose events were left to the sweep because the backlog was full.</summary>
    internal int LeftToSweep { get; private set; }

    /// <summary>Called after a commit that wrote <paramref name="outboxRow"/> (the row as committed).</summary>
    internal void Notify(TableEntity outboxRow)
    {
        // A tracking's first event has nothing before it that could still wait in the outbox: it goes out as committed,
        // without listing the partition first.
        Notify(outboxRow.PartitionKey, outboxRow.GetInt64(OutboxRows.Sequence) == 1 ? outboxRow : null);
    }

    /// <summary>Called after a commit that wrote outbox rows in <paramref name="partitionKey"/> after its first.</summary>
    internal void Notify(string partitionKey) => Notify(partitionKey, first: null);

    private void Notify(string partitionKey, TableEntity? first)
    {
        if (faults.DropAfterCommit)
        {
            return;
        }

        lock (_gate)
        {
            if (_running.ContainsKey(partitionKey))
            {
                _running[partitionKey] = true;
                return;
            }

            if (_running.Count >= limits.MaxBacklog)
            {
                LeftToSweep++;
                if (!_full)
                {
                    _full = true;
                    LogBacklogFull(logger, limits.MaxBacklog);
                }

                return;
            }

            if (_running.Count == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _running[partitionKey] = false;
            PeakBacklog = Math.Max(PeakBacklog, _running.Count);
        }

        _ = Task.Run(() => DrainAsync(partitionKey, first));
    }

    /// <summary>Completes when nothing is being published (tests and the load harness wait on it).</summary>
    internal Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _slots.Dispose();
    }

    private async Task DrainAsync(string partitionKey, TableEntity? first)
    {
        var cancellationToken = _stopping.Token;
        while (true)
        {
            try
            {
                if (faults.HoldPublishing is { } hold)
                {
                    await hold.WaitAsync(cancellationToken);
                }

                await _slots.WaitAsync(cancellationToken);
                try
                {
                    bool alone;
                    lock (_gate)
                    {
                        alone = first is not null && !_running[partitionKey];
                    }

                    if (alone)
                    {
                        await publisher.PublishCommittedAsync(first!, cancellationToken);
                    }
                    else
                    {
                        await publisher.PublishPendingAsync(partitionKey, cancellationToken);
                    }
                }
                finally
                {
                    _slots.Release();
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Not lost: the rows stay in the outbox and the sweep publishes them.
                LogDeferred(logger, partitionKey, ex);
            }

            first = null;
            lock (_gate)
            {
                if (_running[partitionKey] && !cancellationToken.IsCancellationRequested)
                {
                    _running[partitionKey] = false;
                    continue;
                }

                _running.Remove(partitionKey);
                if (_running.Count == 0)
                {
                    _full = false;
                    _idle.TrySetResult();
                }

                return;
            }
        }
    }

    private static TaskCompletionSource CompletedIdle()
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        idle.SetResult();
        return idle;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Change-event backlog full ({MaxBacklog} trackings waiting or publishing); further commits' events wait in the outbox for the sweep until it drains")]
    private static partial void LogBacklogFull(ILogger logger, int maxBacklog);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change events of partition {PartitionKey} not published now; the outbox sweep will publish them")]
    private static partial void LogDeferred(ILogger logger, string partitionKey, Exception exception);
}
