using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.Contract;

/// <summary>
/// functions.metadata is what the Functions host reads to wire triggers to the worker: the contract with the host,
/// checked here against the build output because Core Tools cannot run in this environment.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly Lazy<(string Directory, JsonArray Functions)> Metadata = new(Load);

    private static JsonObject Function(string name)
        => Metadata.Value.Functions.OfType<JsonObject>().SingleOrDefault(f => (string?)f["name"] == name)
           ?? throw new Xunit.Sdk.XunitException($"functions.metadata has no function '{name}'.");

    private static JsonObject Trigger(string name)
        => Function(name)["bindings"]!.AsArray().OfType<JsonObject>().Single(b => ((string)b["type"]!).EndsWith("Trigger", StringComparison.Ordinal));

    [Fact]
    public void Every_function_in_the_code_is_in_the_metadata_and_nothing_else()
    {
        var inCode = typeof(ReceiveAfterShipWebhook).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name)
            .OfType<string>()
            .Order()
            .ToList();

        var inMetadata = Metadata.Value.Functions.Select(f => (string)f!["name"]!).Order().ToList();

        Assert.Equal(inCode, inMetadata);
    }

    [Fact]
    public void Webhook_is_an_anonymous_POST_on_webhooks_aftership()
    {
        var trigger = Trigger(nameof(ReceiveAfterShipWebhook));

        Assert.Equal("httpTrigger", (string?)trigger["type"]);
        Assert.Equal("webhooks/aftership", (string?)trigger["route"]);
        Assert.Equal("Anonymous", (string?)trigger["authLevel"]);
        Assert.Equal(["post"], trigger["methods"]!.AsArray().Select(m => (string)m!).ToArray());
    }

    [Theory]
    [InlineData("GetTracking", "trackings/{id}")]
    [InlineData("FindTracking", "trackings")]
    [InlineData("ListTrackingEvents", "trackings/{id}/events")]
    [InlineData("GetCommandOutcome", "commands/{requestId}")]
    public void Read_api_is_a_function_key_protected_GET(string function, string route)
    {
        var trigger = Trigger(function);

        Assert.Equal("httpTrigger", (string?)trigger["type"]);
        Assert.Equal(route, (string?)trigger["route"]);
        Assert.Equal("Function", (string?)trigger["authLevel"]);
        Assert.Equal(["get"], trigger["methods"]!.AsArray().Select(m => (string)m!).ToArray());
    }

    [Theory]
    [InlineData("TrackingSearchPage", "track")]
    [InlineData("TrackingPage", "track/{slug}/{trackingNumber}")]
    [InlineData("TrackingPageAsset", "track/assets/{file}")]
    public void Shopper_tracking_page_is_an_anonymous_GET(string function, string route)
    {
        var trigger = Trigger(function);

        Assert.Equal("httpTrigger", (string?)trigger["type"]);
        Assert.Equal(route, (string?)trigger["route"]);
        Assert.Equal("Anonymous", (string?)trigger["authLevel"]);
        Assert.Equal(["get"], trigger["methods"]!.AsArray().Select(m => (string)m!).ToArray());
    }

    [Fact]
    public void Order_lookup_is_an_anonymous_GET_and_POST_on_track_order()
    {
        var trigger = Trigger("TrackingOrderLookup");

        Assert.Equal("httpTrigger", (string?)trigger["type"]);
        Assert.Equal("track/order", (string?)trigger["route"]);
        Assert.Equal("Anonymous", (string?)trigger["authLevel"]);
        Assert.Equal(["get", "post"], trigger["methods"]!.AsArray().Select(m => (string)m!).Order().ToArray());
    }

    [Theory]
    [InlineData(nameof(ProcessTrackingCommand), "%CommandQueueName%")]
    [InlineData(nameof(DrainPoisonCommands), "%CommandQueueName%-poison")]
    [InlineData(nameof(ContinueImport), "%ImportQueueName%")]
    [InlineData(nameof(DeliverWebhook), "%WebhookDeliveryQueueName%")]
    public void Queue_functions_read_the_queue_named_by_the_app_setting(string function, string queue)
    {
        var trigger = Trigger(function);

        Assert.Equal("queueTrigger", (string?)trigger["type"]);
        Assert.Equal(queue, (string?)trigger["queueName"]);

        // No connection named: the trigger uses AzureWebJobsStorage, which the Bicep sets identity-based.
        Assert.Null(trigger["connection"]);
    }

    [Theory]
    [InlineData("StartImport", "ops/import", "post")]
    [InlineData("GetImportStatus", "ops/import", "get")]
    [InlineData("CancelImport", "ops/import/cancel", "post")]
    [InlineData("ResumeImport", "ops/import/resume", "post")]
    [InlineData("ReplayDeadLetters", "ops/dead-letters/{day}/replay", "post")]
    [InlineData("ReplayQuarantinedWebhooks", "ops/webhook-quarantine/{day}/replay", "post")]
    [InlineData("CreateSubscription", "ops/subscriptions", "post")]
    [InlineData("ListSubscriptions", "ops/subscriptions", "get")]
    [InlineData("GetSubscription", "ops/subscriptions/{id}", "get")]
    [InlineData("DeleteSubscription", "ops/subscriptions/{id}", "delete")]
    [InlineData("RotateSubscriptionSecret", "ops/subscriptions/{id}/rotate-secret", "post")]
    [InlineData("EnableSubscription", "ops/subscriptions/{id}/enable", "post")]
    [InlineData("ListSubscriptionDeliveries", "ops/subscriptions/{id}/deliveries", "get")]
    [InlineData("ReplaySubscription", "ops/subscriptions/{id}/replay", "post")]
    public void Operations_endpoints_need_the_admin_key(string function, string route, string method)
    {
        var trigger = Trigger(function);

        Assert.Equal("httpTrigger", (string?)trigger["type"]);
        Assert.Equal(route, (string?)trigger["route"]);
        Assert.Equal("Admin", (string?)trigger["authLevel"]);
        Assert.Equal([method], trigger["methods"]!.AsArray().Select(m => (string)m!).ToArray());
    }

    [Fact]
    public void Outbox_sweep_is_a_timer_on_the_schedule_named_by_the_app_setting()
    {
        var trigger = Trigger(nameof(SweepChangeOutbox));

        Assert.Equal("timerTrigger", (string?)trigger["type"]);
        Assert.Equal("%ChangeSweepSchedule%", (string?)trigger["schedule"]);
    }

    [Fact]
    public void Courier_directory_refresh_is_a_timer_on_the_schedule_named_by_the_app_setting()
    {
        var trigger = Trigger(nameof(RefreshCourierDirectory));

        Assert.Equal("timerTrigger", (string?)trigger["type"]);
        Assert.Equal("%CourierRefreshSchedule%", (string?)trigger["schedule"]);
    }

    [Fact]
    public void Attention_check_is_a_timer_on_the_schedule_named_by_the_app_setting()
    {
        var trigger = Trigger(nameof(CheckAttention));

        Assert.Equal("timerTrigger", (string?)trigger["type"]);
        Assert.Equal("%AttentionSchedule%", (string?)trigger["schedule"]);
    }

    [Fact]
    public void Host_json_beside_the_app_reads_queue_messages_raw()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(Metadata.Value.Directory, "host.json")))!;

        Assert.Equal("2.0", (string?)host["version"]);
        Assert.Equal("none", (string?)host["extensions"]!["queues"]!["messageEncoding"]);
        Assert.Equal(5, (int?)host["extensions"]!["queues"]!["maxDequeueCount"]);
    }

    private static (string, JsonArray) Load()
    {
        var testDir = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var configurationDir = Path.GetFileName(Path.GetDirectoryName(testDir)!);
        string[] candidates =
        [
            Path.GetDirectoryName(typeof(ReceiveAfterShipWebhook).Assembly.Location)!,
            Path.Combine(RepositoryRoot.Find(), "src", "TrackingFunctions", "bin", configurationDir, Path.GetFileName(testDir)),
            testDir.Replace("TrackingFunctions.IntegrationTests", "TrackingFunctions", StringComparison.Ordinal),
        ];
        var directory = candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "functions.metadata")))
            ?? throw new InvalidOperationException("functions.metadata not found; looked in: " + string.Join(", ", candidates));
        return (directory, JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "functions.metadata")))!.AsArray());
    }
}
