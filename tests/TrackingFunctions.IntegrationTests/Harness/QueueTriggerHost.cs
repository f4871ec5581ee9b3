using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>
/// What the Functions host's queue listener does, run against a real (Azurite) queue, with host.json's
/// <c>extensions.queues</c> settings (<see cref="QueueTriggerSettings"/>): fetch up to <c>batchSize</c> messages,
/// hidden for the listener's 10 minutes, and start the function for each; fetch again as soon as no more than
/// <c>newBatchThreshold</c> are still running (so up to batchSize + newBatchThreshold run at once); after an empty
/// fetch wait 100 ms, growing to <c>maxPollingInterval</c> while the queue stays empty (<see cref="PollingBackoff"/>).
/// A message that succeeds is deleted; one that fails is made visible again after <c>visibilityTimeout</c>, or moved
/// to <c>&lt;queue&gt;-poison</c> when it has failed on its <c>maxDequeueCount</c>-th dequeue (one dequeued more often
/// than that, say after a host died holding it, goes there without running).
/// </summary>
/// <remarks>
/// Not modelled: the listener's renewal of the 10-minute visibility of a long-running message, and its wake-up when
/// the same app adds a message. With <c>holdFailures</c> failed messages stay invisible until
/// <see cref="ReleaseHeldAsync"/>, which stands in for the visibility timeout passing (after an outage ends, say).
/// </remarks>
public sealed class QueueTriggerHost
{
    /// <summary>The listener's own visibility for the messages it holds (seen on the wire as <c>visibilitytimeout=600</c>).</summary>
    public static readonly TimeSpan ListenerVisibility = TimeSpan.FromMinutes(10);

    private readonly QueueClient _queue;
    private readonly QueueClient _poison;
    private readonly Func<QueueMessage, CancellationToken, Task> _function;
    private readonly bool _holdFailures;
    private readonly PollingBackoff _backoff;
    private readonly List<(string MessageId, string PopReceipt)> _held = [];
    private readonly Lock _gate = new();
    private DateTimeOffset _retriesVisibleBy = DateTimeOffset.MinValue;
    private int _inFlight;

    /// <summary>A host with batchSize <paramref name="batchSize"/>, newBatchThreshold half of it, and retries at once.</summary>
    public QueueTriggerHost(QueueClient queue, QueueClient poison, Func<QueueMessage, CancellationToken, Task> function, int maxDequeueCount = 5, int batchSize = 16, bool holdFailures = false)
        : this(queue, poison, function, new QueueTriggerSettings { MaxDequeueCount = maxDequeueCount, BatchSize = batchSize, NewBatchThreshold = batchSize / 2 }, holdFailures)
    {
    }

    public QueueTriggerHost(QueueClient queue, QueueClient poison, Func<QueueMessage, CancellationToken, Task> function, QueueTriggerSettings settings, bool holdFailures = false)
    {
        _queue = queue;
        _poison = poison;
        _function = function;
        Settings = settings;
        _holdFailures = holdFailures;
        _backoff = new PollingBackoff(settings.MaxPollingInterval);
    }

    public QueueTriggerSettings Settings { get; }

    public int Invocations { get; private set; }

    public int Failures { get; private set; }

    public int Poisoned { get; private set; }

    /// <summary>Fetches that returned messages, and fetches that returned none.</summary>
    public int Fetches { get; private set; }

    public int EmptyFetches { get; private set; }

    /// <summary>The most invocations running at once.</summary>
    public int PeakInFlight { get; private set; }

    /// <summary>The waits after empty fetches, in order.</summary>
    public List<TimeSpan> PollWaits { get; } = [];

    /// <summary>Why invocations failed, for test output.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Processes until the queue is empty: nothing visible, nothing running, no retry still to come back.</summary>
    public Task DrainAsync(CancellationToken cancellationToken = default) => ListenAsync(untilEmpty: true, cancellationToken);

    /// <summary>Listens like the host until <paramref name="cancellationToken"/> is cancelled, then lets running invocations finish.</summary>
    public async Task ListenAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ListenAsync(untilEmpty: false, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ListenAsync(bool untilEmpty, CancellationToken cancellationToken)
    {
        var running = new List<Task>();
        var foundSinceLastWait = false;
        try
        {
            while (true)
            {
                QueueMessage[] batch = (await _queue.ReceiveMessagesAsync(Settings.BatchSize, ListenerVisibility, cancellationToken)).Value;
                if (batch.Length > 0)
                {
                    Fetches++;
                    foundSinceLastWait = true;
                    running.AddRange(batch.Select(m => Task.Run(() => RunOneAsync(m, cancellationToken), CancellationToken.None)));
                    while (running.Count > Settings.NewBatchThreshold)
                    {
                        var done = await Task.WhenAny(running);
                        running.Remove(done);
                        await done;
                    }

                    continue;
                }

                EmptyFetches++;
                await ReapAsync(running);
                if (untilEmpty && running.Count == 0 && await IsEmptyAsync(cancellationToken))
                {
                    return;
                }

                var wait = _backoff.Next(foundSinceLastWait);
                foundSinceLastWait = false;
                PollWaits.Add(wait);
                var delay = Task.Delay(wait, cancellationToken);
                if (untilEmpty && running.Count > 0)
                {
                    // Not what the host does (it only waits), but a drain should end when its last invocation does.
                    await Task.WhenAny(delay, Task.WhenAll(running));
                    await ReapAsync(running);
                    if (running.Count == 0 && await IsEmptyAsync(cancellationToken))
                    {
                        return;
                    }
                }

                await delay;
            }
        }
        finally
        {
            await Task.WhenAll(running);
        }
    }

    /// <summary>Forgets the finished invocations; one that failed outside the function (a storage call) fails the loop.</summary>
    private static async Task ReapAsync(List<Task> running)
    {
        var finished = running.Where(t => t.IsCompleted).ToList();
        running.RemoveAll(t => t.IsCompleted);
        foreach (var task in finished)
        {
            await task;
        }
    }

    private async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (DateTimeOffset.UtcNow < _retriesVisibleBy)
            {
                return false;
            }
        }

        return (await _queue.PeekMessagesAsync(1, cancellationToken)).Value.Length == 0;
    }

    private async Task RunOneAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        if (message.DequeueCount > Settings.MaxDequeueCount)
        {
            await PoisonAsync(message, cancellationToken);
            return;
        }

        Exception? failure = null;
        lock (_gate)
        {
            Invocations++;
            PeakInFlight = Math.Max(PeakInFlight, ++_inFlight);
        }

        try
        {
            await _function(message, cancellationToken);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            lock (_gate)
            {
                _inFlight--;
            }
        }

        if (failure is null)
        {
            await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            return;
        }

        lock (_gate)
        {
            Failures++;
            Errors.Add($"{message.MessageId} (dequeue {message.DequeueCount}): {failure.GetType().Name}: {failure.Message}");
        }

        if (message.DequeueCount >= Settings.MaxDequeueCount)
        {
            await PoisonAsync(message, cancellationToken);
            return;
        }

        var visibility = _holdFailures ? ListenerVisibility : Settings.VisibilityTimeout;
        var receipt = await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: visibility, cancellationToken: cancellationToken);
        lock (_gate)
        {
            if (_holdFailures)
            {
                _held.Add((message.MessageId, receipt.Value.PopReceipt));
            }
            else if (visibility > TimeSpan.Zero)
            {
                var visibleBy = DateTimeOffset.UtcNow + visibility;
                _retriesVisibleBy = visibleBy > _retriesVisibleBy ? visibleBy : _retriesVisibleBy;
            }
        }
    }

    private async Task PoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        await _poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        lock (_gate)
        {
            Poisoned++;
        }
    }

    /// <summary>Makes every held (failed) message visible again, as if the visibility timeout had passed.</summary>
    public async Task ReleaseHeldAsync(CancellationToken cancellationToken = default)
    {
        List<(string MessageId, string PopReceipt)> held;
        lock (_gate)
        {
            held = [.. _held];
            _held.Clear();
        }

        foreach (var (messageId, popReceipt) in held)
        {
            await _queue.UpdateMessageAsync(messageId, popReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
        }
    }
}
