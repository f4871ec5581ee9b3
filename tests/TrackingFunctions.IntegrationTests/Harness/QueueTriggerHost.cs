using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>
/// What the Functions host's queue trigger does, run against a real (Azurite) queue: take up to a batch of
/// messages, invoke the function for each concurrently, delete the ones that succeed, hand failed ones back to the
/// queue, and move a message to <c>&lt;queue&gt;-poison</c> once it has failed on its last allowed dequeue.
/// </summary>
/// <remarks>
/// A failed message becomes visible again after host.json's <c>visibilityTimeout</c>. By default this loop uses zero
/// (the retry comes at once); with <paramref name="holdFailures"/> failed messages stay invisible until
/// <see cref="ReleaseHeldAsync"/>, which stands in for that timeout passing (for example after an outage ends).
/// </remarks>
public sealed class QueueTriggerHost(QueueClient queue, QueueClient poison, Func<QueueMessage, CancellationToken, Task> function, int maxDequeueCount = 5, int batchSize = 16, bool holdFailures = false)
{
    private readonly List<(string MessageId, string PopReceipt)> _held = [];

    public int Invocations { get; private set; }

    public int Failures { get; private set; }

    public int Poisoned { get; private set; }

    /// <summary>Why invocations failed, for test output.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Processes until the queue is empty (the messages handed back included).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            QueueMessage[] batch = (await queue.ReceiveMessagesAsync(batchSize, TimeSpan.FromMinutes(5), cancellationToken)).Value;
            if (batch.Length == 0)
            {
                var peek = (await queue.PeekMessagesAsync(1, cancellationToken)).Value;
                if (peek.Length == 0)
                {
                    return;
                }

                continue;
            }

            await Task.WhenAll(batch.Select(m => RunOneAsync(m, cancellationToken)));
        }
    }

    private async Task RunOneAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            lock (this)
            {
                Invocations++;
            }

            await function(message, cancellationToken);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        if (failure is null)
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            return;
        }

        lock (this)
        {
            Failures++;
            Errors.Add($"{message.MessageId} (dequeue {message.DequeueCount}): {failure.GetType().Name}: {failure.Message}");
        }

        if (message.DequeueCount >= maxDequeueCount)
        {
            await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            lock (this)
            {
                Poisoned++;
            }
        }
        else
        {
            var receipt = await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: holdFailures ? TimeSpan.FromMinutes(10) : TimeSpan.Zero, cancellationToken: cancellationToken);
            if (holdFailures)
            {
                lock (_held)
                {
                    _held.Add((message.MessageId, receipt.Value.PopReceipt));
                }
            }
        }
    }

    /// <summary>Makes every held (failed) message visible again, as if the visibility timeout had passed.</summary>
    public async Task ReleaseHeldAsync(CancellationToken cancellationToken = default)
    {
        List<(string MessageId, string PopReceipt)> held;
        lock (_held)
        {
            held = [.. _held];
            _held.Clear();
        }

        foreach (var (messageId, popReceipt) in held)
        {
            await queue.UpdateMessageAsync(messageId, popReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
        }
    }
}
