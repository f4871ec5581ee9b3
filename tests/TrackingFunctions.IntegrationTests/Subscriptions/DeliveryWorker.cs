using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace TrackingFunctions.IntegrationTests.Subscriptions;

/// <summary>
/// What the Functions host's queue trigger does for the delivery queue, continuously: poll, run messages
/// concurrently (up to the host's batchSize + newBatchThreshold), delete the ones that succeed, hand failures back.
/// </summary>
public sealed class DeliveryWorker : IAsyncDisposable
{
    private const int MaxInFlight = 24;

    private readonly QueueClient _queue;
    private readonly Func<QueueMessage, CancellationToken, Task> _function;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _inFlight;

    public DeliveryWorker(QueueClient queue, Func<QueueMessage, CancellationToken, Task> function)
    {
        _queue = queue;
        _function = function;
        _loop = Task.Run(RunAsync);
    }

    private int _failures;

    private int _receives;
    private int _deletes;

    public int Failures => Volatile.Read(ref _failures);

    /// <summary>Receive calls made and messages deleted, for the load harness's count of queue operations.</summary>
    public int Receives => Volatile.Read(ref _receives);

    public int Deletes => Volatile.Read(ref _deletes);

    /// <summary>True when nothing is running here and no message is visible on the queue.</summary>
    public async Task<bool> IsIdleAsync()
        => Volatile.Read(ref _inFlight) == 0 && (await _queue.PeekMessagesAsync(1)).Value.Length == 0;

    private async Task RunAsync()
    {
        await _queue.CreateIfNotExistsAsync();
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var room = MaxInFlight - Volatile.Read(ref _inFlight);
                QueueMessage[] batch = [];
                if (room >= 8)
                {
                    // Counted as in flight while receiving, so an idle check never falls between receive and run.
                    Interlocked.Increment(ref _inFlight);
                    try
                    {
                        batch = (await _queue.ReceiveMessagesAsync(Math.Min(16, room), TimeSpan.FromMinutes(5), _stop.Token)).Value;
                        Interlocked.Increment(ref _receives);
                        foreach (var message in batch)
                        {
                            Interlocked.Increment(ref _inFlight);
                            _ = Task.Run(() => RunOneAsync(message));
                        }
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _inFlight);
                    }
                }

                if (batch.Length == 0)
                {
                    await Task.Delay(50, _stop.Token);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task RunOneAsync(QueueMessage message)
    {
        try
        {
            await _function(message, _stop.Token);
            await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            Interlocked.Increment(ref _deletes);
        }
        catch (Exception) when (!_stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failures);
            await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }
        catch (Exception)
        {
            // Stopping: the message comes back after its visibility timeout, as on a host shutdown.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
