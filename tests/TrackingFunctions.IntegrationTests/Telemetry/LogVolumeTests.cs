using Microsoft.Extensions.Logging;
using TrackingFunctions.Changes;
using TrackingFunctions.Functions;
using TrackingFunctions.Infrastructure;
using TrackingFunctions.IntegrationTests.Harness;
using Xunit.Abstractions;

namespace TrackingFunctions.IntegrationTests.Telemetry;

/// <summary>
/// What one webhook and one read call write to the log through the app's real registrations. The Azure SDK's request
/// logging (a record per request, response and retry, headers included) is off by default; warnings stay.
/// </summary>
/// <remarks>
/// Runs alone: the SDK's event source is process-wide, so parallel tests' storage calls would reach this log too.
/// </remarks>
[Collection(RateSensitive.Name)]
public sealed class LogVolumeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task One_webhook_and_one_read_call_log_no_Azure_SDK_records_by_default()
    {
        var (webhook, read) = await CountAsync(settings: null);

        Assert.DoesNotContain(webhook.Records, IsAzureSdkBelowWarning);
        Assert.DoesNotContain(read.Records, IsAzureSdkBelowWarning);
        // Counted at the level host.json keeps (Information); the change publisher's per-event Debug line is not.
        Assert.InRange(webhook.Records.Count(IsKept), 0, 1);
        Assert.DoesNotContain(read.Records, IsKept);
    }

    [Fact]
    public async Task Azure_SDK_records_come_back_when_the_setting_asks_for_them()
    {
        // The "before": the worker's level without the filter. Also proves the test sees the SDK's records at all.
        var (webhook, read) = await CountAsync(new Dictionary<string, string?> { [TelemetryRegistration.AzureSdkLogLevelSetting] = "Information" });

        Assert.Contains(webhook.Records, IsAzureSdkBelowWarning);
        Assert.Contains(read.Records, IsAzureSdkBelowWarning);
    }

    private static bool IsKept(Microsoft.Extensions.Logging.Testing.FakeLogRecord record) => record.Level >= LogLevel.Information;

    private static bool IsAzureSdkBelowWarning(Microsoft.Extensions.Logging.Testing.FakeLogRecord record)
        => record.Category is { } category
           && TelemetryRegistration.AzureSdkCategories.Any(c => category.StartsWith(c, StringComparison.Ordinal))
           && record.Level < LogLevel.Warning;

    private async Task<(Captured Webhook, Captured Read)> CountAsync(IDictionary<string, string?>? settings)
    {
        await using var app = await TestApp.StartAsync(settings: settings);
        var id = Guid.NewGuid().ToString("N");

        // Warm up first (table creation is once per process, not per webhook).
        await PostAsync(app, WebhookBodies.Event(WebhookBodies.Tracking(id, checkpoints: 1), eventId: "warm-up"));
        await app.Get<ChangeDispatcher>().WhenIdleAsync(CancellationToken.None);
        app.Logs.Clear();

        // The webhook's change event is published after its 2xx: its records belong to the webhook, not the read.
        await PostAsync(app, WebhookBodies.Event(WebhookBodies.Tracking(id, checkpoints: 2, updatedAt: WebhookBodies.BaseTime.AddHours(1)), eventId: "counted"));
        await app.Get<ChangeDispatcher>().WhenIdleAsync(CancellationToken.None);
        var webhook = new Captured(app.Logs.GetSnapshot(clear: true));

        await app.Create<TrackingsApi>().GetAsync(HttpRequests.Get(), id, CancellationToken.None);
        var read = new Captured(app.Logs.GetSnapshot(clear: true));

        output.WriteLine($"Log records per webhook: {webhook.Records.Count} ({webhook.ByCategory}); per read call: {read.Records.Count} ({read.ByCategory})");
        return (webhook, read);
    }

    private static async Task PostAsync(TestApp app, byte[] body)
    {
        var result = await app.Create<ReceiveAfterShipWebhook>().RunAsync(HttpRequests.Post(body, WebhookBodies.Headers(body)), CancellationToken.None);
        Assert.Equal(200, Assert.IsAssignableFrom<Microsoft.AspNetCore.Mvc.ObjectResult>(result).StatusCode ?? 200);
    }

    private sealed record Captured(IReadOnlyList<Microsoft.Extensions.Logging.Testing.FakeLogRecord> Records)
    {
        public string ByCategory => string.Join(", ", Records.GroupBy(r => $"{r.Category} {r.Level}").Select(g => $"{g.Key}: {g.Count()}"));
    }
}
