using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Json.Schema;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.Changes;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;

namespace TrackingFunctions.IntegrationTests.Changes;

/// <summary>
/// The app with a change-event queue of its own on Azurite, and a consumer that reads it the way a subscriber
/// would: every message is checked against schemas/tracking-change-event.schema.json.
/// </summary>
public sealed class ChangeEventApp : IAsyncDisposable
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(
        File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "schemas", "tracking-change-event.schema.json"))));

    private ChangeEventApp(TestApp app, QueueClient queue)
    {
        App = app;
        Queue = queue;
    }

    public TestApp App { get; }

    public QueueClient Queue { get; }

    public ChangeOutboxFaults Faults => App.Get<ChangeOutboxFaults>();

    public static async Task<ChangeEventApp> StartAsync(
        IDictionary<string, string?>? settings = null,
        FakeTimeProvider? time = null,
        string? tablesConnectionString = null,
        Uri? afterShipBaseUrl = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var queueName = "changes-" + Guid.NewGuid().ToString("N")[..16];
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["ChangeEvents:QueueName"] = queueName };
        var app = await TestApp.StartAsync(afterShipBaseUrl, values, time, tablesConnectionString, services);
        var connection = tablesConnectionString ?? (await Azurite.GetAsync()).ConnectionString;
        return new ChangeEventApp(app, new QueueClient(connection, queueName));
    }

    public async Task<int> PostAsync(byte[] body)
    {
        var result = await App.Create<ReceiveAfterShipWebhook>().RunAsync(HttpRequests.Post(body, WebhookBodies.Headers(body)), CancellationToken.None);
        return ((ObjectResult)result).StatusCode ?? 200;
    }

    /// <summary>Waits until everything committed so far has been handed to the queue.</summary>
    public Task PublishedAsync() => App.Get<ChangeDispatcher>().WhenIdleAsync(CancellationToken.None);

    /// <summary>Takes every message off the queue (after the publisher is idle), each validated against the schema.</summary>
    public async Task<IReadOnlyList<JsonObject>> ReceiveAllAsync()
    {
        await PublishedAsync();
        return await ReceiveAllAsync(Queue);
    }

    /// <summary>Takes every message off <paramref name="queue"/>, each validated against the schema and the size limit.</summary>
    public static async Task<IReadOnlyList<JsonObject>> ReceiveAllAsync(QueueClient queue)
    {
        var received = new List<JsonObject>();
        if (!(await queue.ExistsAsync()).Value)
        {
            return received;
        }

        while (true)
        {
            QueueMessage[] batch = (await queue.ReceiveMessagesAsync(32)).Value;
            if (batch.Length == 0)
            {
                return received;
            }

            foreach (var message in batch)
            {
                var text = message.Body.ToString();
                Assert.True(message.Body.ToMemory().Length <= ChangeEventFactory.MaxEventBytes, $"message of {message.Body.ToMemory().Length} bytes");
                AssertValid(text);
                received.Add(JsonNode.Parse(text)!.AsObject());
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }

    public static void AssertValid(string cloudEvent)
    {
        using var document = JsonDocument.Parse(cloudEvent);
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, "event does not match the schema: " + string.Join("; ", errors) + "\n" + cloudEvent);
    }

    public Task<int> SweepAsync() => App.Get<ChangeOutboxSweeper>().SweepAsync(CancellationToken.None);

    public async Task<int> OutboxRowsAsync(string trackingId)
    {
        var table = await App.Get<TrackingTables>().GetAsync(TableNames.Trackings, CancellationToken.None);
        var count = 0;
        await foreach (var _ in table.QueryAsync<Azure.Data.Tables.TableEntity>(OutboxRows.InPartition(TableKey.Encode(trackingId))))
        {
            count++;
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Queue.DeleteIfExistsAsync();
    }
}
