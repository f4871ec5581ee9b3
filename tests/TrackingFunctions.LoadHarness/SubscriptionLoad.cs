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

namespace TrackingFunctions.LoadHarness;

/// <summary>
/// Signed webhooks end to end on one instance: AfterShip webhooks that each add a checkpoint to one of 16 trackings
/// (so each commits one change event) from 1 and 16 senders, delivered to 1 and 5 subscriptions on a loopback Kestrel receiver that
/// answers 204 at once. Latency is the event's <c>time</c> (taken at commit) to the receiver's arrival. The delivery
/// function is driven as the host drives it (host.json's batch size, threshold and polling back-off).
/// </summary>
/// <remarks>
/// The latency goal is for a healthy receiver under a load the instance can carry, so the steady rows offer a fixed
/// rate of events spread evenly over the senders; the capacity rows send back to back and give the deliveries per
/// second one instance sustains (their latencies are the backlog's wait).
/// </remarks>
internal static class SubscriptionLoad
{
    /// <summary>Events a second the steady rows offer: a busy shop's peak (10,000 parcels a day is under 1 a second on average).</summary>
    private const double SteadyEventsPerSecond = 10;

    private static readonly int[] Levels = [1, 16];
    private static readonly int[] SubscriptionCounts = [1, 5];

    public static async Task RunAsync(HarnessOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine("== Signed webhooks: commit to the receiver's 2xx, one instance ==");
        var started = Stopwatch.StartNew();
        await using var receiver = await Receiver.StartAsync();
        Console.WriteLine($"steady: {SteadyEventsPerSecond:F0} events/s offered, spread evenly over the senders. capacity: back to back, so latency is the backlog's wait.");
        Console.WriteLine("mode     | subscriptions | concurrency | events | deliveries | offered ev/s | deliveries/s | p50 ms | p99 ms | max ms | table requests/delivery (breakdown) | queue ops/delivery | load");
        foreach (var rate in new double?[] { SteadyEventsPerSecond, null })
        {
            foreach (var subscriptions in SubscriptionCounts)
            {
                foreach (var level in Levels)
                {
                    await RunLevelAsync(receiver, subscriptions, level, Math.Max(20, options.SubscriptionEvents / level), rate, cancellationToken);
                }
            }
        }

        Console.WriteLine($"(signed webhooks took {started.Elapsed.TotalSeconds:F0} s; {Measure.LoadAverage()})");
    }

    private static async Task RunLevelAsync(Receiver receiver, int subscriptions, int level, int perSender, double? eventsPerSecond, CancellationToken cancellationToken)
    {
        await using var azurite = await Measure.FreshAzuriteAsync();
        var queueName = "deliveries-" + Guid.NewGuid().ToString("N")[..12];
        await using var app = await TestApp.StartAsync(
            tablesConnectionString: azurite.ConnectionString,
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

        // The trigger's own client is counted apart from the app's, to report queue operations per delivery.
        var queueRequests = new RequestCounter();
        var counted = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        counted.AddPolicy(queueRequests, Azure.Core.HttpPipelinePosition.PerRetry);
        var queue = new QueueClient(azurite.ConnectionString, queueName, counted);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        // At least 16 trackings whatever the senders: one parcel moving on ten times a second is no shop's traffic,
        // and a tracking's events are published in order, one after the other. Each tracking is first stored and
        // delivered once, unmeasured (a first sight costs more, and most webhooks are for a known parcel); then sender
        // k takes every tracking t with t mod n = k, round robin, each event adding a checkpoint.
        var trackings = Math.Max(16, level);
        var ids = Enumerable.Range(0, trackings).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        var perTracking = Math.Max(1, level * perSender / trackings);
        var work = Enumerable.Range(0, level).Select(lane => Enumerable.Range(2, perTracking)
            .SelectMany(v => Enumerable.Range(0, trackings).Where(t => t % level == lane).Select(t => Webhook(ids[t], v)))
            .ToList()).ToList();
        var events = trackings * perTracking;
        var expected = events * subscriptions;

        var host = new QueueTriggerHost(queue, new QueueClient(azurite.ConnectionString, queueName + "-poison"), (m, ct) => app.Create<DeliverWebhook>().RunAsync(m, ct), QueueTriggerSettings.FromHostJson());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var listening = host.ListenAsync(stop.Token);
        receiver.Reset(endpoint);
        foreach (var id in ids)
        {
            var (body, headers) = Webhook(id, 1);
            await app.Create<ReceiveAfterShipWebhook>().RunAsync(HttpRequests.Post(body, headers), cancellationToken);
        }

        await WaitForAsync(receiver, endpoint, trackings * subscriptions, cancellationToken);
        receiver.Reset(endpoint);
        app.StorageRequests.Reset();
        queueRequests.Reset();

        var clock = Stopwatch.StartNew();
        await OfferedLoad.SendAsync(work, eventsPerSecond, w => app.Create<ReceiveAfterShipWebhook>().RunAsync(HttpRequests.Post(w.Body, w.Headers), cancellationToken), cancellationToken);
        var offered = events / clock.Elapsed.TotalSeconds;
        await app.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);
        await WaitForAsync(receiver, endpoint, expected, cancellationToken);
        var elapsed = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await listening;
        var latencies = receiver.Latencies(endpoint).Order().ToList();
        var delivered = latencies.Count;
        var breakdown = Measure.Breakdown(app.StorageRequests.Requests, app.TablePrefix, delivered);
        var tableTrips = (double)app.StorageRequests.Count / Math.Max(1, delivered);

        // The trigger's receives (polls included) and deletes are counted; each attempt's send goes through the
        // host-storage client, which the counter does not see: one per delivery.
        var queueOps = (delivered + queueRequests.Count) / (double)Math.Max(1, delivered);
        Console.WriteLine(
            $"{(eventsPerSecond is null ? "capacity" : "steady"),-8} | {subscriptions,13} | {level,11} | {events,6} | {delivered,10} | {offered,12:F1} | {delivered / elapsed,12:F0} | " +
            $"{Measure.Percentile(latencies, 0.5),6:F0} | {Measure.Percentile(latencies, 0.99),6:F0} | {(latencies.Count > 0 ? latencies[^1] : double.NaN),6:F0} | {tableTrips:F2} ({breakdown}) | {queueOps:F2} | {Measure.LoadAverage()}");
        if (delivered != expected)
        {
            Console.WriteLine($"  delivered {delivered} of {expected} within the time cap");
        }

        Measure.ReportStorageStalls(app);

        await queue.DeleteIfExistsAsync(CancellationToken.None);
    }

    private static (byte[] Body, Dictionary<string, string> Headers) Webhook(string id, int checkpoints)
    {
        var body = WebhookBodies.Event(WebhookBodies.Tracking(id, checkpoints: checkpoints, updatedAt: WebhookBodies.BaseTime.AddMinutes(checkpoints)));
        return (body, WebhookBodies.Headers(body));
    }

    /// <summary>Until the receiver has <paramref name="count"/> deliveries, or two minutes have passed.</summary>
    private static async Task WaitForAsync(Receiver receiver, string endpoint, int count, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(120));
        while (receiver.Count(endpoint) < count && !deadline.IsCancellationRequested)
        {
            await Task.Delay(20, CancellationToken.None);
        }
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
