using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using TrackingFunctions.AfterShip;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;

namespace TrackingFunctions.IntegrationTests.Refresh;

/// <summary>Test apps and storage look-ups for the refresh tests.</summary>
internal static class RefreshApps
{
    /// <summary>An hour after <see cref="WebhookBodies.BaseTime"/>, so test trackings are well inside retention.</summary>
    public static readonly DateTimeOffset Start = WebhookBodies.BaseTime.AddHours(1);

    /// <summary>
    /// The app on a fake clock with a scripted AfterShip. The clock may be the app's TimeProvider here because the
    /// scripted client has no rate limiter to drive; tests against the simulator run on the real clock instead.
    /// Jitter is off so schedule times can be asserted exactly.
    /// </summary>
    public static Task<TestApp> StartAsync(FakeTimeProvider time, FakeAfterShip afterShip, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["Refresh:Jitter"] = "0" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return TestApp.StartAsync(settings: values, time: time, services: services =>
        {
            services.RemoveAll<IAfterShipClient>();
            services.AddSingleton<IAfterShipClient>(afterShip);
        });
    }

    public static Task<ApplyResult> SeedAsync(TestApp app, Tracking tracking, string source = TrackingSource.Command)
        => app.Get<ITrackingStore>().ApplyAsync(tracking, source, null, CancellationToken.None);

    /// <summary>Every row of the due index.</summary>
    public static async Task<List<TableEntity>> DueRowsAsync(TestApp app)
    {
        var table = await app.Get<TrackingTables>().GetAsync(TableNames.RefreshSchedule, CancellationToken.None);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey == DueIndex.PartitionKey))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The due times of one tracking's rows.</summary>
    public static async Task<List<DateTimeOffset>> DueRowsOfAsync(TestApp app, string id)
        => [.. (await DueRowsAsync(app)).Where(r => r.GetString("Id") == id).Select(r => DueIndex.TimeOf(r.RowKey)!.Value).Order()];

    public static async Task<StoredTracking> StateAsync(TestApp app, string id)
        => await app.Get<ITrackingStore>().GetAsync(id, CancellationToken.None) ?? throw new InvalidOperationException("No state for " + id);

    public static string NewId() => Guid.NewGuid().ToString("N");
}
