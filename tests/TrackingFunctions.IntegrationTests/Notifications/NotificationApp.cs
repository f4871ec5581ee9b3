using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.Changes;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Notifications;
using TrackingFunctions.Storage;

namespace TrackingFunctions.IntegrationTests.Notifications;

/// <summary>
/// The app with shopper emails on, sending to a real SMTP server (smtp4dev) through the real queue on Azurite:
/// webhooks go in through the receiver, the outbox hands changes to the sink, and <see cref="DeliverAsync"/> runs the
/// queue function the way the host does. The SMTP server is the run's shared one unless the test brings its own
/// (and then disposes it itself).
/// </summary>
public sealed class NotificationApp : IAsyncDisposable
{
    public const string UnsubscribeKey = "test-unsubscribe-key-0123456789abcdef";
    public const string PublicBaseUrl = "https://track.shop.example/api";

    private NotificationApp(TestApp app, QueueClient queue, QueueClient poison, Smtp4dev smtp, string changeQueue)
    {
        App = app;
        Queue = queue;
        Poison = poison;
        Smtp = smtp;
        ChangeQueue = changeQueue;
    }

    public TestApp App { get; }

    public QueueClient Queue { get; }

    public QueueClient Poison { get; }

    public Smtp4dev Smtp { get; }

    public string ChangeQueue { get; }

    public static IDictionary<string, string?> Settings(Smtp4dev smtp, string queueName, string changeQueue, string azurite) => new Dictionary<string, string?>
    {
        ["Notifications:Enabled"] = "true",
        ["Notifications:From"] = "Test Shop <noreply@shop.example>",
        ["Notifications:UnsubscribeKey"] = UnsubscribeKey,
        ["Notifications:RatePerMinute"] = "1200",
        ["Notifications:RetryBaseDelay"] = "00:00:01",
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = smtp.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Smtp:Security"] = "None",
        ["Notifications:Smtp:Timeout"] = "00:00:05",
        ["NotificationQueueName"] = queueName,
        ["AzureWebJobsStorage"] = azurite,
        ["ChangeEvents:QueueName"] = changeQueue,
        ["TrackingPage:ShopName"] = "Test Shop",
        ["TrackingPage:PublicBaseUrl"] = PublicBaseUrl,
    };

    public static async Task<NotificationApp> StartAsync(Smtp4dev? smtp = null, IDictionary<string, string?>? settings = null, FakeTimeProvider? time = null, string? tablesConnectionString = null, string? queueName = null, string? changeQueue = null)
    {
        var azurite = await Azurite.GetAsync();
        smtp ??= await Smtp4dev.GetAsync();
        queueName ??= "notify-" + Guid.NewGuid().ToString("N")[..16];
        changeQueue ??= "changes-" + Guid.NewGuid().ToString("N")[..16];
        var values = Settings(smtp, queueName, changeQueue, azurite.ConnectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var app = await TestApp.StartAsync(settings: values, time: time, tablesConnectionString: tablesConnectionString);
        return new NotificationApp(app, new QueueClient(azurite.ConnectionString, queueName), new QueueClient(azurite.ConnectionString, queueName + "-poison"), smtp, changeQueue);
    }

    public static JsonObject Tracking(string id, string tag, int minutes, int checkpoints = 1, params (string Email, string? Name, string? Language)[] customers)
    {
        var tracking = WebhookBodies.Tracking(id, number: "NUM" + id[..10].ToUpperInvariant(), checkpoints: checkpoints, updatedAt: WebhookBodies.BaseTime.AddMinutes(minutes), tag: tag);
        if (customers.Length > 0)
        {
            tracking["customers"] = new JsonArray([.. customers.Select(c => (JsonNode)new JsonObject { ["role"] = "buyer", ["email"] = c.Email, ["name"] = c.Name, ["language"] = c.Language })]);
        }

        return tracking;
    }

    public async Task<int> PostAsync(JsonObject tracking)
    {
        var body = WebhookBodies.Event(tracking);
        var result = await App.Create<ReceiveAfterShipWebhook>().RunAsync(HttpRequests.Post(body, WebhookBodies.Headers(body)), CancellationToken.None);
        await App.Get<ChangeDispatcher>().WhenIdleAsync(CancellationToken.None);
        return ((ObjectResult)result).StatusCode ?? 200;
    }

    /// <summary>Writes a tracking the way an import does.</summary>
    public async Task ImportAsync(JsonObject tracking)
    {
        await App.Get<ITrackingStore>().ApplyAsync(TrackingFunctions.AfterShip.Models.Tracking.FromJson(System.Text.Json.JsonSerializer.SerializeToElement(tracking)), TrackingSource.Import, null, CancellationToken.None);
        await App.Get<ChangeDispatcher>().WhenIdleAsync(CancellationToken.None);
    }

    /// <summary>Runs the queue function over every visible message until the queue is empty.</summary>
    public async Task<QueueTriggerHost> DeliverAsync()
    {
        await Queue.CreateIfNotExistsAsync();
        var host = new QueueTriggerHost(Queue, Poison, (m, ct) => App.Create<SendMilestoneEmail>().RunAsync(m, ct));
        await host.DrainAsync();
        return host;
    }

    /// <summary>Delivers until every record of <paramref name="trackingId"/> is final (delayed retries included), within a bound.</summary>
    public async Task<IReadOnlyList<NotificationRecord>> DeliverUntilFinalAsync(string trackingId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            await DeliverAsync();
            var records = await RecordsAsync(trackingId);
            if (records.All(r => NotificationState.IsFinal(r.State)) || DateTime.UtcNow > deadline)
            {
                return records;
            }

            await Task.Delay(250);
        }
    }

    public Task<IReadOnlyList<NotificationRecord>> RecordsAsync(string trackingId) => App.Get<NotificationStore>().ListAsync(trackingId, CancellationToken.None);

    /// <summary>The messages smtp4dev received for one address.</summary>
    public async Task<IReadOnlyList<JsonObject>> MessagesToAsync(string address)
        => [.. (await Smtp.MessagesAsync()).Where(m => m["to"]!.AsArray().Any(t => string.Equals((string?)t, address, StringComparison.OrdinalIgnoreCase)))];

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Queue.DeleteIfExistsAsync();
        await Poison.DeleteIfExistsAsync();    }
}
