using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.Attention;
using TrackingFunctions.Changes;
using TrackingFunctions.IntegrationTests.Changes;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.Attention;

/// <summary>
/// The app with alerts on, its clock fake (an hour after the test trackings' first checkpoint), and its change
/// queue read as a consumer would; plus builders of tracking versions for the attention causes.
/// </summary>
internal static class AttentionApp
{
    public static readonly DateTimeOffset Now = WebhookBodies.BaseTime.AddHours(1);

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Alerts:Enabled"] = "true",
        ["Alerts:NoCheckpointDays"] = "5",
        ["Alerts:PendingDays"] = "3",
        ["Alerts:EstimateGraceDays"] = "1",
    };

    public static Task<ChangeEventApp> StartAsync(FakeTimeProvider time) => ChangeEventApp.StartAsync(Settings(), time);

    /// <summary>Version <paramref name="v"/> of a tracking: v checkpoints, the newest at BaseTime + v - 1 minutes.</summary>
    public static JsonObject Version(string id, int v, string tag = "InTransit", string? estimate = null)
    {
        var tracking = WebhookBodies.Tracking(id, checkpoints: v, updatedAt: WebhookBodies.BaseTime.AddMinutes(v), tag: tag);
        tracking["order_id"] = "order-42";
        tracking["order_number"] = "#1042";
        if (estimate is not null)
        {
            tracking["courier_estimated_delivery_date"] = new JsonObject { ["estimated_delivery_date"] = estimate, ["estimated_delivery_date_min"] = null, ["estimated_delivery_date_max"] = null };
        }

        return tracking;
    }

    /// <summary>Version 2 of a tracking, its new checkpoint scanned at <paramref name="at"/>: the parcel moved then.</summary>
    public static JsonObject MovedAt(string id, DateTimeOffset at)
    {
        var tracking = Version(id, 2);
        tracking["checkpoints"]![1]!["checkpoint_time"] = at.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        return tracking;
    }

    public static Task<int> PostAsync(this ChangeEventApp app, JsonObject tracking) => app.PostAsync(WebhookBodies.Event(tracking));

    public static async Task<AttentionSweepSummary> SweepAttentionAsync(this ChangeEventApp app)
    {
        var summary = await app.App.Get<AttentionSweep>().RunAsync(CancellationToken.None);
        await app.PublishedAsync();
        return summary;
    }

    public static List<JsonObject> AttentionEvents(IEnumerable<JsonObject> events)
        => [.. events.Where(e => (string?)e["type"] == ChangeEventTypes.Attention)];

    public static string Cause(JsonObject attention) => (string)attention["data"]!["cause"]!;
}
