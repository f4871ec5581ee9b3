using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TrackingFunctions.Changes;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.IntegrationTests.Subscriptions;

namespace TrackingFunctions.LoadHarness;

/// <summary>
/// Signed webhooks end to end on one instance: AfterShip webhooks that each add a checkpoint (so each commits one
/// change event) at concurrency 1 and 16, delivered to 1 and 5 subscriptions on a loopback Kestrel receiver that
/// answers 204 at once. Latency is the event's <c>time</c> (taken at commit) to the receiver's arrival; the
/// delivery function runs from a loop that polls the queue continuously (the host, idle, backs off up to
/// host.json's maxPollingInterval of 2 s, which would add to these figures).
/// </summary>
internal static class SubscriptionLoad
{
    private static readonly int[] Levels = [1, 16];
    private static readonly int[] SubscriptionCounts = [1, 5];

    public static async Task RunAsync(HarnessOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine("== Signed webhooks: commit to the receiver's 2xx, one instance ==");
        var started = Stopwatch.StartNew();
        await using var receiver = await Receiver.StartAsync();
        Console.WriteLine("subscriptions | concurrency | events | deliveries | deliveries/s | p50 ms | p99 ms | max ms | table requests/delivery (breakdown) | queue ops/delivery | load");
        foreach (var subscriptions in SubscriptionCounts)
        {
            foreach (var level in Levels)
            {
                await RunLevelAsync(receiver, subscriptions, level, Math.Max(20, options.SubscriptionEvents / level), cancellationToken);
            }
        }

        Console.WriteLine($"(signed webhooks took {started.Elapsed.TotalSeconds:F0} s; {Measure.LoadAverage()})");
    }

    private static async Task RunLevelAsync(Receiver receiver, int subscriptions, int level, int perSender, CancellationToken cancellationToken)
    {
        var azurite = await Azurite.GetAsync();
        var queueName = "deliveries-" + Guid.NewGuid().ToString("N")[..12];
        await using var app = await TestApp.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["WebhookDeliveryQueueName"] = queueName,
                ["ChangeEvents:QueueName"] = "changes-" + Guid.NewGuid().ToString("N")[..12],
                ["Subscriptions:AllowPrivateTargets"] = "true",
            },
            services: Measure.ProductionLogging);
        var endpoint = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < subscriptions; i++)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new { url = receiver.Url(endpoint + i) });
            await app.Create<SubscriptionsApi>().CreateAsync(HttpRequests.Post(body), cancellationToken);
        }

        var queue = new QueueClient(azurite.ConnectionString, queueName);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var ids = Enumerable.Range(0, level).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        var work = ids.Select(id => Enumerable.Range(1, perSender).Select(v =>
        {
            var body = WebhookBodies.Event(WebhookBodies.Tracking(id, checkpoints: v, updatedAt: WebhookBodies.BaseTime.AddMinutes(v)));
            return (Body: body, Headers: WebhookBodies.Headers(body));
        }).ToList()).ToList();
        var expected = level * perSender * subscriptions;
        receiver.Reset(endpoint);
        app.StorageRequests.Reset();

        await using (var worker = new DeliveryWorker(queue, (m, ct) => app.Create<DeliverWebhook>().RunAsync(m, ct)))
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(work.Select(list => Task.Run(
                async () =>
                {
                    foreach (var (body, headers) in list)
                    {
                        await app.Create<ReceiveAfterShipWebhook>().RunAsync(HttpRequests.Post(body, headers), cancellationToken);
                    }
                },
                cancellationToken)));
            await app.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(120));
            while (receiver.Count(endpoint) < expected && !deadline.IsCancellationRequested)
            {
                await Task.Delay(20, CancellationToken.None);
            }

            var elapsed = clock.Elapsed.TotalSeconds;
            var latencies = receiver.Latencies(endpoint).Order().ToList();
            var delivered = latencies.Count;
            var breakdown = Measure.Breakdown(app.StorageRequests.Requests, app.TablePrefix, delivered);
            var tableTrips = (double)app.StorageRequests.Count / Math.Max(1, delivered);

            // Queue operations are not on the counted clients (the host's queues): a send per attempt, a delete per
            // message, and one receive per batch the loop took.
            var queueOps = (delivered + worker.Deletes + worker.Receives) / (double)Math.Max(1, delivered);
            Console.WriteLine(
                $"{subscriptions,13} | {level,11} | {level * perSender,6} | {delivered,10} | {delivered / elapsed,12:F0} | {Measure.Percentile(latencies, 0.5),6:F0} | {Measure.Percentile(latencies, 0.99),6:F0} | {(latencies.Count > 0 ? latencies[^1] : double.NaN),6:F0} | {tableTrips:F2} ({breakdown}) | {queueOps:F2} | {Measure.LoadAverage()}");
            if (delivered != expected)
            {
                Console.WriteLine($"  delivered {delivered} of {expected} within the time cap");
            }
        }

        await queue.DeleteIfExistsAsync(CancellationToken.None);
    }

    /// <summary>A plain loopback receiver: records arrival against the event's commit time and answers 204.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _latencies = new();

        private Receiver(WebApplication app) => _app = app;

        public Uri BaseUrl { get; private set; } = null!;

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.MapPost("/hooks/{name}", async (string name, HttpContext context) =>
            {
                var arrived = DateTimeOffset.UtcNow;
                var node = await JsonNode.ParseAsync(context.Request.Body);
                var committed = DateTimeOffset.Parse((string)node!["time"]!, CultureInfo.InvariantCulture);
                receiver._latencies.GetOrAdd(name[..8], _ => []).Add((arrived - committed).TotalMilliseconds);
                return Results.NoContent();
            });
            await app.StartAsync();
            receiver.BaseUrl = new Uri(app.Urls.First());
            return receiver;
        }

        public string Url(string name) => new Uri(BaseUrl, "/hooks/" + name).AbsoluteUri;

        public void Reset(string endpoint) => _latencies[endpoint] = [];

        public int Count(string endpoint) => _latencies.TryGetValue(endpoint, out var bag) ? bag.Count : 0;

        public double[] Latencies(string endpoint) => _latencies.TryGetValue(endpoint, out var bag) ? [.. bag] : [];

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }
}
