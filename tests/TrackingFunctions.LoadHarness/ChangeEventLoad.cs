using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using TrackingFunctions.Changes;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.LoadHarness;

/// <summary>
/// Change events under webhook load: webhooks that change nothing worth an event (newer <c>updated_at</c> only, the
/// path every webhook took before the outbox) next to webhooks that each add a checkpoint (an outbox row in the
/// transaction, then the publish after the 2xx), and the publish latency: from the event's <c>time</c> (taken at
/// commit) to the moment every sink, the change queue first, has taken it.
/// </summary>
internal static class ChangeEventLoad
{
    private static readonly int[] Levels = [1, 16];

    public static async Task RunAsync(HarnessOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine("== Change events: webhooks with and without an event, and publish latency ==");
        var started = Stopwatch.StartNew();
        var queueName = "changes-" + Guid.NewGuid().ToString("N")[..12];
        var clock = new PublishClock();
        await using var app = await TestApp.StartAsync(
            settings: new Dictionary<string, string?> { ["ChangeEvents:QueueName"] = queueName },
            services: services =>
            {
                Measure.ProductionLogging(services);

                // After the change queue's sink: an event reaches it once the queue has taken it.
                services.AddSingleton<IChangeEventSink>(clock);
            });
        var queue = new QueueClient((await Azurite.GetAsync()).ConnectionString, queueName);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        Console.WriteLine("Each sender owns one tracking. 'No event': newer updated_at, same checkpoints. 'Event': one more checkpoint each time.");
        Console.WriteLine("Publish latency: from the commit (the event's time) to the moment every sink has taken the event, the change queue first.");
        Console.WriteLine();
        Console.WriteLine("concurrency | no event req/s  p50 ms  p99 ms | event req/s  p50 ms  p99 ms | publish p50 ms  p99 ms | storage ops/webhook with event");
        foreach (var level in Levels)
        {
            var perSender = Math.Max(20, Math.Min(options.WebhookRequests, 1600) / level);
            var ids = Enumerable.Range(0, level).Select(_ => Guid.NewGuid().ToString("N")).ToArray();

            // First sight of every tracking (and its created event): not measured.
            foreach (var id in ids)
            {
                await SendAsync(app, Body(id, 0, 1), cancellationToken);
            }

            await app.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);
            var quiet = await DriveAsync(app, ids, perSender, v => (v, 1), cancellationToken);
            await app.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);
            await queue.ClearMessagesAsync(cancellationToken);

            app.StorageRequests.Reset();
            clock.Reset();
            var expected = level * perSender;
            var loud = await DriveAsync(app, ids, perSender, v => (perSender + v, 1 + v), cancellationToken);
            await app.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);
            var trips = (double)app.StorageRequests.Count / loud.Sent;
            var breakdown = Measure.Breakdown(app.StorageRequests.Requests, app.TablePrefix, loud.Sent);
            var publish = clock.Latencies();
            var onQueue = (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            await queue.ClearMessagesAsync(cancellationToken);

            Console.WriteLine(
                $"{level,11} | {quiet.PerSecond,14:F0} {quiet.P50,7:F1} {quiet.P99,7:F1} | {loud.PerSecond,11:F0} {loud.P50,7:F1} {loud.P99,7:F1} | " +
                $"{Measure.Percentile(publish, 0.50),14:F1} {Measure.Percentile(publish, 0.99),7:F1} | {trips:F2} ({breakdown})");
            if (publish.Count != expected || onQueue < expected)
            {
                Console.WriteLine($"  {publish.Count} of {expected} events published, {onQueue} messages on the queue");
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

    /// <summary>The last sink: notes how long after its commit each event was taken by every sink before it.</summary>
    private sealed class PublishClock : IChangeEventSink
    {
        private readonly ConcurrentDictionary<string, double> _latencies = new(StringComparer.Ordinal);

        public string Name => "publish-clock";

        public Task AcceptAsync(OutboxEvent change, CancellationToken cancellationToken)
        {
            // A re-sent event (a publish that died before its delete) keeps its first time.
            _latencies.TryAdd(change.EventId, (DateTimeOffset.UtcNow - change.CommittedAt).TotalMilliseconds);
            return Task.CompletedTask;
        }

        public void Reset() => _latencies.Clear();

        public List<double> Latencies() => [.. _latencies.Values.Order()];
    }
}
