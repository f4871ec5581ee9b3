using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.Changes;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.Subscriptions;

/// <summary>
/// App instances over one Azurite with a delivery queue of their own, each running the delivery function the way
/// the host would, and one real receiver. Changes come in as AfterShip webhooks, so every event goes through the
/// outbox like in production.
/// </summary>
public sealed class SubscriptionRig : IAsyncDisposable
{
    private readonly List<DeliveryWorker> _workers;

    private SubscriptionRig(IReadOnlyList<TestApp> apps, List<DeliveryWorker> workers, WebhookReceiver receiver, QueueClient queue)
    {
        Apps = apps;
        _workers = workers;
        Receiver = receiver;
        Queue = queue;
    }

    public IReadOnlyList<TestApp> Apps { get; }

    public TestApp App => Apps[0];

    public WebhookReceiver Receiver { get; }

    public QueueClient Queue { get; }

    public static async Task<SubscriptionRig> StartAsync(IDictionary<string, string?>? settings = null, int instances = 1, FakeTimeProvider? time = null)
    {
        var azurite = await Azurite.GetAsync();
        var queueName = "deliveries-" + Guid.NewGuid().ToString("N")[..16];
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["WebhookDeliveryQueueName"] = queueName,
            ["ChangeEvents:QueueName"] = "changes-" + Guid.NewGuid().ToString("N")[..16],
            ["Subscriptions:AllowPrivateTargets"] = "true",
            ["Subscriptions:Jitter"] = "0",
            ["Subscriptions:RetrySchedule"] = "00:00:01,00:00:02,00:00:03",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var apps = new List<TestApp> { await TestApp.StartAsync(settings: values, time: time) };
        values["Storage:TablePrefix"] = apps[0].TablePrefix;
        for (var i = 1; i < instances; i++)
        {
            apps.Add(await TestApp.StartAsync(settings: values, time: time));
        }

        var queue = new QueueClient(azurite.ConnectionString, queueName);
        await queue.CreateIfNotExistsAsync();
        var workers = apps.Select(app => new DeliveryWorker(queue, (m, ct) => app.Create<DeliverWebhook>().RunAsync(m, ct))).ToList();
        return new SubscriptionRig(apps, workers, await WebhookReceiver.StartAsync(), queue);
    }

    /// <summary>Creates a subscription to the receiver's endpoint through the admin API; the receiver trusts its secret.</summary>
    public async Task<(string Id, string Secret)> SubscribeAsync(string endpoint, string[]? eventTypes = null)
    {
        var body = new JsonObject { ["url"] = Receiver.Url(endpoint), ["description"] = endpoint };
        if (eventTypes is not null)
        {
            body["event_types"] = new JsonArray([.. eventTypes.Select(t => (JsonNode)t)]);
        }

        var (status, json) = await Api.CreateAsync(App, body.ToJsonString());
        Assert.Equal(201, status);
        var created = (string)json["id"]!;
        var secret = (string)json["secret"]!;
        Receiver.Trust(endpoint, secret);
        return (created, secret);
    }

    /// <summary>Posts one AfterShip webhook for a new tracking (on instance <paramref name="instance"/>); returns the tracking id.</summary>
    public async Task<string> ChangeAsync(int instance = 0, string? trackingId = null, int checkpoints = 1)
    {
        var id = trackingId ?? Guid.NewGuid().ToString("N");
        var body = WebhookBodies.Event(WebhookBodies.Tracking(id, checkpoints: checkpoints, updatedAt: WebhookBodies.BaseTime.AddMinutes(checkpoints)));
        var result = await Apps[instance].Create<ReceiveAfterShipWebhook>().RunAsync(HttpRequests.Post(body, WebhookBodies.Headers(body)), CancellationToken.None);
        Assert.Equal(200, ((ObjectResult)result).StatusCode ?? 200);
        return id;
    }

    /// <summary>Waits until every instance's publisher has handed its changes to the sinks.</summary>
    public async Task PublishedAsync()
    {
        foreach (var app in Apps)
        {
            await app.Get<ChangeDispatcher>().WhenIdleAsync(CancellationToken.None);
        }
    }

    /// <summary>Waits until every visible message has run (hidden retries are not waited for).</summary>
    public async Task SettledAsync()
    {
        await PublishedAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var idle = true;
            foreach (var worker in _workers)
            {
                idle &= await worker.IsIdleAsync();
            }

            if (idle)
            {
                return;
            }

            await Task.Delay(25, deadline.Token);
        }
    }

    public int WorkerFailures => _workers.Sum(w => w.Failures);

    /// <summary>Stops the delivery loops, so a test can hand messages to the function itself.</summary>
    public async Task DisposeWorkersAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        _workers.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeWorkersAsync();
        await Receiver.DisposeAsync();
        foreach (var app in Apps)
        {
            await app.DisposeAsync();
        }

        await Queue.DeleteIfExistsAsync();
    }

    /// <summary>Calls the admin functions the way the worker does, returning status and JSON.</summary>
    public static class Api
    {
        public static async Task<(int Status, JsonObject Json)> CreateAsync(TestApp app, string body)
            => Read(await app.Create<SubscriptionsApi>().CreateAsync(HttpRequests.Post(Encoding.UTF8.GetBytes(body)), CancellationToken.None));

        public static async Task<(int Status, JsonObject Json)> RotateAsync(TestApp app, string id)
            => Read(await app.Create<SubscriptionOperationsApi>().RotateSecretAsync(HttpRequests.Post([]), id, CancellationToken.None));

        public static async Task<(int Status, JsonObject Json)> GetAsync(TestApp app, string id)
            => Read(await app.Create<SubscriptionsApi>().GetAsync(HttpRequests.Get(), id, CancellationToken.None));

        public static async Task<(int Status, JsonObject Json)> EnableAsync(TestApp app, string id)
            => Read(await app.Create<SubscriptionOperationsApi>().EnableAsync(HttpRequests.Post([]), id, CancellationToken.None));

        public static async Task<(int Status, JsonObject Json)> DeliveriesAsync(TestApp app, string id, string query = "")
            => Read(await app.Create<SubscriptionOperationsApi>().ListDeliveriesAsync(HttpRequests.Get(query), id, CancellationToken.None));

        public static async Task<(int Status, JsonObject Json)> ReplayAsync(TestApp app, string id, DateTimeOffset since, DateTimeOffset? until = null)
        {
            var body = new JsonObject { ["since"] = since.ToString("O") };
            if (until is { } u)
            {
                body["until"] = u.ToString("O");
            }

            return Read(await app.Create<SubscriptionOperationsApi>().ReplayAsync(HttpRequests.Post(Encoding.UTF8.GetBytes(body.ToJsonString())), id, CancellationToken.None));
        }

        public static (int Status, JsonObject Json) Read(IActionResult result) => result switch
        {
            JsonResult json => (json.StatusCode ?? 200, JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(json.Value, json.SerializerSettings as System.Text.Json.JsonSerializerOptions))!.AsObject()),
            ObjectResult problem => (problem.StatusCode ?? 200, JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(problem.Value))!.AsObject()),
            StatusCodeResult code => (code.StatusCode, []),
            _ => throw new InvalidOperationException("Unexpected result " + result.GetType().Name),
        };
    }
}
