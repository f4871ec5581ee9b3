using System.Diagnostics;
using System.Globalization;
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
/// <remarks>
/// The latency goal is set below the pacing rate, so the steady scenarios offer 80 % of it, spread over the senders
/// (each sender a shopper's parcel moving on, at its own moment); the lone scenario leaves the queue idle between
/// emails, as a small shop's is; the burst offers everything at once at a rate above the machine's capacity, and so
/// measures how fast a backlog drains, not latency. The queue trigger listens as the
/// host does (host.json's batch size, threshold and polling back-off).
/// </remarks>
internal static class EmailLoad
{
    private static readonly Scenario[] Scenarios =
    [
        new("steady", Senders: 1, Emails: 160, RatePerMinute: 1200, OfferedPerSecond: 16),
        new("steady", Senders: 16, Emails: 160, RatePerMinute: 1200, OfferedPerSecond: 16),
        new("lone", Senders: 1, Emails: 20, RatePerMinute: 1200, OfferedPerSecond: 1 / 6.0),
        new("burst", Senders: 16, Emails: 160, RatePerMinute: 6000, OfferedPerSecond: null),
    ];

    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine("== Shopper emails: commit to SMTP acceptance, storage operations per email ==");
        var started = Stopwatch.StartNew();
        await using var smtp = await Smtp4dev.StartAsync();
        Console.WriteLine("Each sender owns trackings first stored InTransit (not measured), then moves each one to OutForDelivery: one email each.");
        Console.WriteLine("steady: the senders together offer 80 % of the pacing rate, each at its own moment. lone: one email every 6 s, so the idle queue's polling has backed off.");
        Console.WriteLine("burst: all at once, back to back, above what the machine can send: how fast a backlog drains.");
        Console.WriteLine("The queue trigger listens as the host does (host.json: batch 16, threshold 8, polling back-off to 2 s).");
        Console.WriteLine();
        Console.WriteLine("scenario | senders | pacing /min | offered /s | sent /s | commit to SMTP acceptance p50 ms  p99 ms | storage ops/email (breakdown)");
        foreach (var scenario in Scenarios)
        {
            await RunAsync(scenario, smtp, cancellationToken);
        }

        Console.WriteLine($"(shopper emails took {started.Elapsed.TotalSeconds:F0} s; {Measure.LoadAverage()})");
    }

    private static async Task RunAsync(Scenario scenario, Smtp4dev smtp, CancellationToken cancellationToken)
    {
        var phases = new EmailPhases();
        var queueName = "notify-" + Guid.NewGuid().ToString("N")[..12];
        await using var azurite = await Measure.FreshAzuriteAsync();
        await using var app = await StartAppAsync(azurite, smtp, queueName, scenario.RatePerMinute, phases);
        var counted = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        counted.AddPolicy(app.StorageRequests, Azure.Core.HttpPipelinePosition.PerRetry);
        var queue = new QueueClient(azurite.ConnectionString, queueName, counted);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        QueueTriggerHost NewHost() => new(queue, new QueueClient(azurite.ConnectionString, queueName + "-poison"), (m, ct) =>
        {
            if (NotificationMessages.Read(m.Body) is var (trackingId, _))
            {
                phases.FunctionStarted(trackingId);
            }

            return app.Create<SendMilestoneEmail>().RunAsync(m, ct);
        }, QueueTriggerSettings.FromHostJson());

        var ids = Enumerable.Range(0, scenario.Emails).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        foreach (var id in ids)
        {
            await PostAsync(app, id, "InTransit", 0, cancellationToken);
        }

        await app.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);
        await NewHost().DrainAsync(cancellationToken);
        await smtp.WaitForAsync(scenario.Emails, TimeSpan.FromSeconds(120));
        await DeleteAllAsync(smtp);
        app.StorageRequests.Reset();
        phases.Clear();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var host = NewHost();
        var listening = host.ListenAsync(stop.Token);
        await SendAsync(app, scenario, ids, cancellationToken);
        await app.Get<ChangeDispatcher>().WhenIdleAsync(cancellationToken);
        var messages = await smtp.WaitForAsync(scenario.Emails, TimeSpan.FromSeconds(120));
        await stop.CancelAsync();
        await listening;

        var received = messages.ToDictionary(m => (string)m["to"]![0]!, m => (DateTimeOffset)m["receivedDate"]!, StringComparer.OrdinalIgnoreCase);
        var timings = await TimingsAsync(app.Get<NotificationStore>(), ids, received, phases, cancellationToken);
        var latencies = timings.Select(t => (t.Accepted - t.Committed).TotalMilliseconds).Order().ToList();
        var first = timings.Min(t => t.Committed);
        var offered = timings.Count / Math.Max(0.001, (timings.Max(t => t.Committed) - first).TotalSeconds);
        var sent = timings.Count / Math.Max(0.001, (timings.Max(t => t.Accepted) - first).TotalSeconds);
        var requests = app.StorageRequests.Requests;
        var perEmail = (requests.Count + latencies.Count) / (double)Math.Max(1, latencies.Count);
        Console.WriteLine(
            $"{scenario.Name,8} | {scenario.Senders,7} | {scenario.RatePerMinute,11} | {offered,10:F1} | {sent,7:F1} | " +
            $"{Measure.Percentile(latencies, 0.50),32:F0} {Measure.Percentile(latencies, 0.99),7:F0} | " +
            $"{perEmail:F2} incl. the webhook's own and the email message ({Measure.Breakdown(requests, app.TablePrefix, latencies.Count)}, POST queue message 1.00)");
        Console.WriteLine(
            $"{"",8} | where the time went, p50/p99 ms: commit to function start {Phase(timings, t => t.FunctionStarted - t.Committed)}, " +
            $"function start to SMTP {Phase(timings, t => t.SmtpStarted - t.FunctionStarted)}, SMTP exchange (connect to QUIT) {Phase(timings, t => t.SmtpEnded - t.SmtpStarted)}; " +
            $"{host.PeakInFlight} invocations at most at once");
        Measure.ReportStorageStalls(app);
        await DeleteAllAsync(smtp);
    }

    private static Task<TestApp> StartAppAsync(Azurite azurite, Smtp4dev smtp, string queueName, int ratePerMinute, EmailPhases phases)
        => TestApp.StartAsync(
            tablesConnectionString: azurite.ConnectionString,
            settings: new Dictionary<string, string?>
            {
                ["ChangeEvents:QueueName"] = "changes-" + Guid.NewGuid().ToString("N")[..12],
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["NotificationQueueName"] = queueName,
                ["Notifications:Enabled"] = "true",
                ["Notifications:From"] = "Shop <noreply@shop.example>",
                ["Notifications:UnsubscribeKey"] = "load-harness-unsubscribe-key-0123456789",
                ["Notifications:RatePerMinute"] = ratePerMinute.ToString(CultureInfo.InvariantCulture),
                ["Notifications:Smtp:Host"] = "127.0.0.1",
                ["Notifications:Smtp:Port"] = smtp.SmtpPort.ToString(CultureInfo.InvariantCulture),
                ["Notifications:Smtp:Security"] = "None",
                ["TrackingPage:ShopName"] = "Shop",
                ["TrackingPage:PublicBaseUrl"] = "https://track.shop.example/api",
            },
            services: s =>
            {
                Measure.ProductionLogging(s);
                phases.Register(s);
            });

    /// <summary>Each sender takes every n-th tracking and moves it to OutForDelivery, at the scenario's offered rate.</summary>
    private static Task SendAsync(TestApp app, Scenario scenario, List<string> ids, CancellationToken cancellationToken)
    {
        var lanes = Enumerable.Range(0, scenario.Senders).Select(lane => (IReadOnlyList<string>)ids.Where((_, i) => i % scenario.Senders == lane).ToList()).ToList();
        return OfferedLoad.SendAsync(lanes, scenario.OfferedPerSecond, id => PostAsync(app, id, "OutForDelivery", 10, cancellationToken), cancellationToken);
    }

    private static async Task<List<EmailTiming>> TimingsAsync(NotificationStore store, List<string> ids, Dictionary<string, DateTimeOffset> received, EmailPhases phases, CancellationToken cancellationToken)
    {
        var timings = new List<EmailTiming>();
        foreach (var id in ids)
        {
            var record = await store.FindAsync(id, "OutForDelivery", cancellationToken);
            if (record is not null && received.TryGetValue(Address(id), out var accepted) && phases.TryGet(id, Address(id), out var functionStarted, out var smtpStarted, out var smtpEnded))
            {
                timings.Add(new EmailTiming(record.CommittedAt, functionStarted, smtpStarted, smtpEnded, accepted));
            }
        }

        return timings;
    }

    private static string Phase(List<EmailTiming> timings, Func<EmailTiming, TimeSpan> phase)
    {
        var values = timings.Select(t => phase(t).TotalMilliseconds).Order().ToList();
        return $"{Measure.Percentile(values, 0.50):F0}/{Measure.Percentile(values, 0.99):F0}";
    }

    private static string Address(string id) => $"load.{id}@example.com";

    private static async Task PostAsync(TestApp app, string id, string tag, int minutes, CancellationToken cancellationToken)
    {
        var tracking = WebhookBodies.Tracking(id, number: "L" + id[..12].ToUpperInvariant(), updatedAt: WebhookBodies.BaseTime.AddMinutes(minutes), tag: tag, checkpoints: minutes == 0 ? 1 : 2);
        tracking["customers"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["email"] = Address(id), ["language"] = "en" });
        var body = WebhookBodies.Event(tracking);
        await app.Create<ReceiveAfterShipWebhook>().RunAsync(HttpRequests.Post(body, WebhookBodies.Headers(body)), cancellationToken);
    }

    private static async Task DeleteAllAsync(Smtp4dev smtp)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{smtp.WebPort}/") };
        await http.DeleteAsync("api/messages/*");
    }

    /// <param name="Name">steady, lone or burst.</param>
    /// <param name="Senders">Webhook senders at once.</param>
    /// <param name="RatePerMinute">The pacing rate (<c>Notifications__RatePerMinute</c>).</param>
    /// <param name="Emails">Emails (trackings reaching the milestone) in the scenario.</param>
    /// <param name="OfferedPerSecond">What the senders offer together, evenly; null sends back to back.</param>
    private sealed record Scenario(string Name, int Senders, int Emails, int RatePerMinute, double? OfferedPerSecond);

    private sealed record EmailTiming(DateTimeOffset Committed, DateTimeOffset FunctionStarted, DateTimeOffset SmtpStarted, DateTimeOffset SmtpEnded, DateTimeOffset Accepted);
}
