using System.Collections.Concurrent;
using System.Diagnostics;

namespace TrackingFunctions.IntegrationTests.Harness;

/// <summary>The test and load harnesses' queue host does what the Functions host's queue listener does.</summary>
public sealed class QueueTriggerHostTests
{
    [Fact]
    public async Task Fetches_the_next_batch_once_no_more_than_newBatchThreshold_run_so_batchSize_plus_threshold_run_at_once()
    {
        var queues = await CommandQueues.CreateAsync();
        for (var i = 0; i < 10; i++)
        {
            await queues.SendAsync($"{{\"n\":{i}}}");
        }

        var started = new SemaphoreSlim(0);
        var gates = new ConcurrentQueue<TaskCompletionSource>();
        var host = new QueueTriggerHost(queues.Queue, queues.Poison, async (_, _) =>
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            gates.Enqueue(gate);
            started.Release();
            await gate.Task;
        }, new QueueTriggerSettings { BatchSize = 4, NewBatchThreshold = 2 });
        var drain = host.DrainAsync();

        await WaitAsync(started, 4);
        Assert.Equal(1, host.Fetches);
        Assert.Equal(4, host.Invocations);

        // Two of the first batch finish: two still run, which is the threshold, so four more are fetched.
        Finish(gates, 2);
        await WaitAsync(started, 4);
        Assert.Equal(2, host.Fetches);
        Assert.Equal(6, host.PeakInFlight);

        Finish(gates, 4);
        await WaitAsync(started, 2);
        while (!drain.IsCompleted)
        {
            Finish(gates, gates.Count);
            await Task.WhenAny(drain, started.WaitAsync());
        }

        await drain;
        Assert.Equal(10, host.Invocations);
        Assert.Equal(6, host.PeakInFlight);
        Assert.Equal(0, await queues.QueueCountAsync());
    }

    [Fact]
    public async Task A_failed_message_comes_back_after_the_visibility_timeout_and_the_drain_waits_for_it()
    {
        var queues = await CommandQueues.CreateAsync();
        await queues.SendAsync("{}");
        var attempts = new List<(long DequeueCount, TimeSpan At)>();
        var clock = Stopwatch.StartNew();
        var host = new QueueTriggerHost(queues.Queue, queues.Poison, (m, _) =>
        {
            attempts.Add((m.DequeueCount, clock.Elapsed));
            return attempts.Count == 1 ? throw new InvalidOperationException("first attempt fails") : Task.CompletedTask;
        }, new QueueTriggerSettings { VisibilityTimeout = TimeSpan.FromSeconds(1) });

        await host.DrainAsync();

        Assert.Equal([1L, 2L], attempts.Select(a => a.DequeueCount));
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(0.9), $"retried after {(attempts[1].At - attempts[0].At).TotalMilliseconds:F0} ms");
        Assert.Equal(1, host.Failures);
        Assert.Equal(0, await queues.QueueCountAsync());
    }

    [Fact]
    public async Task A_message_failing_on_its_maxDequeueCount_th_dequeue_moves_to_the_poison_queue()
    {
        var queues = await CommandQueues.CreateAsync();
        await queues.SendAsync("{}");
        var host = new QueueTriggerHost(queues.Queue, queues.Poison, (_, _) => throw new InvalidOperationException("always"), new QueueTriggerSettings { MaxDequeueCount = 3 });

        await host.DrainAsync();

        Assert.Equal(3, host.Invocations);
        Assert.Equal(1, host.Poisoned);
        Assert.Equal(1, await queues.PoisonCountAsync());
        Assert.Equal(0, await queues.QueueCountAsync());
    }

    [Fact]
    public async Task A_message_dequeued_more_often_than_maxDequeueCount_goes_to_the_poison_queue_without_running()
    {
        var queues = await CommandQueues.CreateAsync();
        await queues.SendAsync("{}");
        for (var i = 0; i < 2; i++)
        {
            // A host that died holding it: dequeued, never completed, visible again.
            var held = (await queues.Queue.ReceiveMessageAsync()).Value;
            await queues.Queue.UpdateMessageAsync(held.MessageId, held.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        var host = new QueueTriggerHost(queues.Queue, queues.Poison, (_, _) => Task.CompletedTask, new QueueTriggerSettings { MaxDequeueCount = 2 });
        await host.DrainAsync();

        Assert.Equal(0, host.Invocations);
        Assert.Equal(1, await queues.PoisonCountAsync());
    }

    [Fact]
    public async Task Listening_on_an_empty_queue_backs_off_its_polling_to_maxPollingInterval()
    {
        var queues = await CommandQueues.CreateAsync();
        var host = new QueueTriggerHost(queues.Queue, queues.Poison, (_, _) => Task.CompletedTask, new QueueTriggerSettings { MaxPollingInterval = TimeSpan.FromMilliseconds(400) });
        using var stop = new CancellationTokenSource();
        var listening = host.ListenAsync(stop.Token);
        while (host.PollWaits.Count < 6)
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await listening;
        var waits = host.PollWaits.Take(6).ToList();
        Assert.Equal(TimeSpan.FromMilliseconds(400), waits[^1]);
        Assert.Equal(waits.Order(), waits);
        Assert.True(waits[0] < TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public void Polling_back_off_starts_at_100_ms_after_work_doubles_with_jitter_and_stays_at_the_ceiling()
    {
        var backoff = new PollingBackoff(TimeSpan.FromSeconds(2), new Random(7));

        Assert.Equal(TimeSpan.FromMilliseconds(100), backoff.Next(foundSinceLastWait: true));
        var waits = Enumerable.Range(0, 8).Select(_ => backoff.Next(foundSinceLastWait: false)).ToList();

        for (var k = 0; k < 4; k++)
        {
            var doubling = 100 * Math.Pow(2, k);
            Assert.InRange(waits[k].TotalMilliseconds, 100 + (0.8 * doubling), 100 + (1.2 * doubling));
        }

        Assert.Equal(TimeSpan.FromSeconds(2), waits[^1]);
        Assert.Equal(waits.Order(), waits);
        Assert.Equal(TimeSpan.FromMilliseconds(100), backoff.Next(foundSinceLastWait: true));
    }

    [Fact]
    public void Settings_come_from_the_repository_s_host_json()
    {
        var settings = QueueTriggerSettings.FromHostJson();

        Assert.Equal(16, settings.BatchSize);
        Assert.Equal(8, settings.NewBatchThreshold);
        Assert.Equal(5, settings.MaxDequeueCount);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.MaxPollingInterval);
    }

    private static async Task WaitAsync(SemaphoreSlim started, int count)
    {
        using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (var i = 0; i < count; i++)
        {
            await started.WaitAsync(cap.Token);
        }
    }

    private static void Finish(ConcurrentQueue<TaskCompletionSource> gates, int count)
    {
        for (var i = 0; i < count && gates.TryDequeue(out var gate); i++)
        {
            gate.SetResult();
        }
    }
}
