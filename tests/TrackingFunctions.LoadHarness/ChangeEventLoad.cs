using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using TrackingFunctions.Changes;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.LoadHarness;

/// <summary>
/// Change events under webhook load: webhooks that change nothing worth an event (newer <c>updated_at</c> only, the
/// path every webhook took before the outbox) next to webhooks that each add a checkpoint (an outbox row in the
/// transaction, then list + send + delete after the 2xx), and the publish latency a consumer polling the queue sees:
/// from the event's <c>time</c> (taken at commit) to the moment the message was received.
/// </summary>
internal static class ChangeEventLoad
{
    private static readonly int[] Levels = [1, 16];

    /// <summary>Consumers reading the change queue side by side.</summary>
    private const int Receivers = 4;

    public static async Task RunAsync(HarnessOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine("== Change events: webhooks with and without an event, and publish latency ==");
        var started = Stopwatch.StartNew();
        var queueName = "changes-" + Guid.NewGuid().ToString("N")[..12];
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?> { ["ChangeEvents:QueueName"] = queueName }, services: Measure.ProductionLogging);
        var consumer = new QueueClient((await Azurite.GetAsync()).ConnectionString, queueName);
        await consumer.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        Console.WriteLine("Each sender owns one tracking. 'No event': newer updated_at, same checkpoints. 'Event': one more checkpoint each time.");
        Console.WriteLine($"Publish latency: event time (commit) to receipt by {Receivers} consumers polling the queue in a loop (32 per receive, deletes at once).");
        Console.WriteLine();
        Console.WriteLine("concurrency | no event req/s  p50 ms  p99 ms | event req/s  p50 ms  p99 ms | publish p50 ms  p99 ms | round trips/webhook with event");
        foreach (var level in Levels)
        {
            var perSender = Math.Max(20, Math.Min(options.WebhookRequests, 1600) / level);
            var ids = Enumerable.Range(0, level).Select(_ => Guid.NewGuid().ToString("N")).ToArray();

            // First sight of every tracking (4 round trips and a created event each): not measured.
            foreach (var id in ids)
            {
                await SendAsync(app, Body(id, 0, 1), cancellationToken);
            }

            await app.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);
            await consumer.ClearMessagesAsync(cancellationToken);

            var quiet = await DriveAsync(app, ids, perSender, v => (v, 1), cancellationToken);
            await app.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);
            await consumer.ClearMessagesAsync(cancellationToken);

            app.StorageRequests.Reset();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var expected = level * perSender;
            var receiving = ReceiveAsync(consumer, expected, stop.Token);
            var loud = await DriveAsync(app, ids, perSender, v => (perSender + v, 1 + v), cancellationToken);
            await app.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);
            var trips = (double)app.StorageRequests.Count / loud.Sent;
            var breakdown = Measure.Breakdown(app.StorageRequests.Requests, app.TablePrefix, loud.Sent);
            stop.CancelAfter(TimeSpan.FromSeconds(60));
            var publish = await receiving;

            Console.WriteLine(
                $"{level,11} | {quiet.PerSecond,14:F0} {quiet.P50,7:F1} {quiet.P99,7:F1} | {loud.PerSecond,11:F0} {loud.P50,7:F1} {loud.P99,7:F1} | " +
                $"{Measure.Percentile(publish, 0.50),14:F1} {Measure.Percentile(publish, 0.99),7:F1} | {trips:F2} ({breakdown})");
            if (publish.Count != expected)
            {
                Console.WriteLine($"  received {publish.Count} of {expected} events within the time cap");
            }
        }

        Console.WriteLine($"(change events took {started.Elapsed.TotalSeconds:F0} s; {Measure.LoadAverage()})");
    }

    private static byte[] Body(string id, int minutes, int checkpoints)
        => WebhookBodies.Event(WebhookBodies.Tracking(id, checkpoints: checkpoints, updatedAt: WebhookBodies.BaseTime.AddMinutes(minutes)));

    private static async Task SendAsync(TestApp app, byte[] body, CancellationToken cancellationToken)
        => await app.Create<ReceiveAfterShipWebhook>().RunAsync(HttpRequests.Post(body, WebhookBodies.Headers(body)), cancellationToken);

    /// <summary>Each sender sends <paramref name="count"/> versions of its tracking in order; bodies are built before the clock starts.</summary>
    private static async Task<(int Sent, double PerSecond, double P50, double P99)> DriveAsync(
        TestApp app, string[] ids, int count, Func<int, (int Minutes, int Checkpoints)> version, CancellationToken cancellationToken)
    {
        var work = ids.Select(id => Enumerable.Range(1, count).Select(v =>
        {
            var (minutes, checkpoints) = version(v);
            var body = Body(id, minutes, checkpoints);
            return (Body: body, Headers: WebhookBodies.Headers(body));
        }).ToList()).ToList();
        var clock = Stopwatch.StartNew();
        var lanes = await Task.WhenAll(work.Select(list => Task.Run(
            async () =>
            {
                var latencies = new List<double>(list.Count);
                foreach (var (body, headers) in list)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    await app.Create<ReceiveAfterShipWebhook>().RunAsync(HttpRequests.Post(body, headers), cancellationToken);
                    latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }

                return latencies;
            },
            cancellationToken)));
        var all = lanes.SelectMany(l => l).Order().ToList();
        return (all.Count, all.Count / clock.Elapsed.TotalSeconds, Measure.Percentile(all, 0.50), Measure.Percentile(all, 0.99));
    }

    /// <summary>
    /// Receives until <paramref name="expected"/> events arrived, with <see cref="Receivers"/> consumers side by side,
    /// each deleting a batch's messages at once (one consumer deleting one by one falls behind the publisher and would
    /// measure itself); each latency is receipt time minus the event's time.
    /// </summary>
    private static async Task<List<double>> ReceiveAsync(QueueClient queue, int expected, CancellationToken cancellationToken)
    {
        var latencies = new ConcurrentBag<double>();
        await Task.WhenAll(Enumerable.Range(0, Receivers).Select(_ => Task.Run(async () =>
        {
            try
            {
                while (latencies.Count < expected)
                {
                    var batch = (await queue.ReceiveMessagesAsync(32, cancellationToken: cancellationToken)).Value;
                    var receivedAt = DateTimeOffset.UtcNow;
                    foreach (var message in batch)
                    {
                        var time = DateTimeOffset.Parse((string)JsonNode.Parse(message.Body.ToString())!["time"]!, System.Globalization.CultureInfo.InvariantCulture);
                        latencies.Add((receivedAt - time).TotalMilliseconds);
                    }

                    await Task.WhenAll(batch.Select(m => queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, cancellationToken)));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Time cap: report what arrived.
            }
        }, CancellationToken.None)));

        return [.. latencies.Order()];
    }
}
