using System.Diagnostics;
using Azure.Storage.Queues;
using TrackingFunctions.Changes;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Notifications;

namespace TrackingFunctions.LoadHarness;

/// <summary>
/// Shopper emails end to end: webhooks that reach a milestone, the outbox handing the change to the email sink, the
/// queue function sending over SMTP to smtp4dev. Latency runs from the change's commit (the record's CommittedAt) to
/// the SMTP server's acceptance (smtp4dev's receivedDate), both on this machine's clock. Storage operations per email
/// count every request of the app's table and queue clients, of the queue trigger's client, and the email message
/// itself (sent by the host-storage client, which the counter does not see).
/// </summary>
internal static class EmailLoad
{
    private static readonly int[] Levels = [1, 16];

    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine("== Shopper emails: commit to SMTP acceptance, storage operations per email ==");
        var started = Stopwatch.StartNew();
        var azurite = await Azurite.GetAsync();
        await using var smtp = await Smtp4dev.StartAsync();
        var queueName = "notify-" + Guid.NewGuid().ToString("N")[..12];
        await using var app = await TestApp.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["ChangeEvents:QueueName"] = "changes-" + Guid.NewGuid().ToString("N")[..12],
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["NotificationQueueName"] = queueName,
                ["Notifications:Enabled"] = "true",
                ["Notifications:From"] = "Shop <noreply@shop.example>",
                ["Notifications:UnsubscribeKey"] = "load-harness-unsubscribe-key-0123456789",
                ["Notifications:RatePerMinute"] = "6000",
                ["Notifications:Smtp:Host"] = "127.0.0.1",
                ["Notifications:Smtp:Port"] = smtp.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Notifications:Smtp:Security"] = "None",
                ["TrackingPage:ShopName"] = "Shop",
                ["TrackingPage:PublicBaseUrl"] = "https://track.shop.example/api",
            },
            services: Measure.ProductionLogging);
        var counted = new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        counted.AddPolicy(app.StorageRequests, Azure.Core.HttpPipelinePosition.PerRetry);
        var queue = new QueueClient(azurite.ConnectionString, queueName, counted);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var host = new QueueTriggerHost(queue, new QueueClient(azurite.ConnectionString, queueName + "-poison"), (m, ct) => app.Create<SendMilestoneEmail>().RunAsync(m, ct));

        Console.WriteLine("Rate budget 6000/min (100/s), above the offered load. One queue-trigger loop (batch 16) drains while the senders send.");
        Console.WriteLine("Each sender owns trackings first stored InTransit (not measured), then sends each one OutForDelivery: one email each.");
        Console.WriteLine();
        Console.WriteLine("concurrency | emails | commit to SMTP acceptance p50 ms  p99 ms | storage ops/email (breakdown)");
        foreach (var level in Levels)
        {
            var perSender = level == 1 ? 40 : 10;
            var ids = Enumerable.Range(0, level * perSender).Select(_ => Guid.NewGuid().ToString("N")).ToList();
            foreach (var id in ids)
            {
                await PostAsync(app, id, "InTransit", 0, cancellationToken);
            }

            await app.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);
            await host.DrainAsync(cancellationToken);
            app.StorageRequests.Reset();

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var draining = DrainUntilStoppedAsync(host, stop.Token);
            await Task.WhenAll(Enumerable.Range(0, level).Select(lane => Task.Run(
                async () =>
                {
                    foreach (var id in ids.Skip(lane * perSender).Take(perSender))
                    {
                        await PostAsync(app, id, "OutForDelivery", 10, cancellationToken);
                    }
                },
                cancellationToken)));
            await app.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);
            var messages = await smtp.WaitForAsync(ids.Count * 2, TimeSpan.FromSeconds(120));
            await stop.CancelAsync();
            await draining;

            var received = messages.Where(m => (string?)m["subject"] == "Shop: Your parcel is out for delivery")
                .ToDictionary(m => (string)m["to"]![0]!, m => (DateTimeOffset)m["receivedDate"]!, StringComparer.OrdinalIgnoreCase);
            var store = app.Get<NotificationStore>();
            var latencies = new List<double>();
            foreach (var id in ids)
            {
                var record = await store.FindAsync(id, "OutForDelivery", cancellationToken);
                if (record is not null && received.TryGetValue(Address(id), out var at))
                {
                    latencies.Add((at - record.CommittedAt).TotalMilliseconds);
                }
            }

            latencies.Sort();
            var requests = app.StorageRequests.Requests;
            var perEmail = (requests.Count + latencies.Count) / (double)Math.Max(1, latencies.Count);
            Console.WriteLine(
                $"{level,11} | {latencies.Count,6} | {Measure.Percentile(latencies, 0.50),32:F0} {Measure.Percentile(latencies, 0.99),7:F0} | " +
                $"{perEmail:F2} incl. the webhook's own and the email message ({Measure.Breakdown(requests, app.TablePrefix, latencies.Count)}, POST queue message 1.00)");
            await DeleteAllAsync(smtp);
        }

        Console.WriteLine($"(shopper emails took {started.Elapsed.TotalSeconds:F0} s; {Measure.LoadAverage()})");
    }

    private static string Address(string id) => $"load.{id}@example.com";

    private static async Task PostAsync(TestApp app, string id, string tag, int minutes, CancellationToken cancellationToken)
    {
        var tracking = WebhookBodies.Tracking(id, number: "L" + id[..12].ToUpperInvariant(), updatedAt: WebhookBodies.BaseTime.AddMinutes(minutes), tag: tag, checkpoints: minutes == 0 ? 1 : 2);
        tracking["customers"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["email"] = Address(id), ["language"] = "en" });
        var body = WebhookBodies.Event(tracking);
        await app.Create<ReceiveAfterShipWebhook>().RunAsync(HttpRequests.Post(body, WebhookBodies.Headers(body)), cancellationToken);
    }

    private static async Task DrainUntilStoppedAsync(QueueTriggerHost host, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await host.DrainAsync(CancellationToken.None);
            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task DeleteAllAsync(Smtp4dev smtp)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{smtp.WebPort}/") };
        await http.DeleteAsync("api/messages/*");
    }
}
