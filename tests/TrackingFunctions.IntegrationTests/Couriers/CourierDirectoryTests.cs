using System.Text.Json.Nodes;
using AfterShip.Simulator;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using TrackingFunctions.Commands;
using TrackingFunctions.Couriers;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Storage;

namespace TrackingFunctions.IntegrationTests.Couriers;

/// <summary>The directory's refresh into the Couriers table, and its use by a later instance with AfterShip gone.</summary>
public sealed class CourierDirectoryTests
{
    private static readonly Uri NoAfterShip = new("http://127.0.0.1:9/tracking/2025-01/");

    private static string Create(string requestId, string slug, params (string Name, string Value)[] fields)
        => CreateCommand.Json(requestId, [("tracking_number", CreateCommand.Number()), ("slug", slug), .. fields]);

    private static Task<CommandOutcome> RunAsync(TestApp app, string json)
        => app.Get<TrackingCommandProcessor>().ProcessAsync(System.Text.Encoding.UTF8.GetBytes(json), "m-" + Guid.NewGuid().ToString("N"), 1, CancellationToken.None);

    [Fact]
    public async Task Timer_refresh_stores_every_courier_with_name_website_required_fields_and_activation()
    {
        var options = new SimulatorOptions { ApiKey = TestApp.ApiKey };
        await using var simulator = await AfterShipSimulator.StartAsync(options);
        await using var app = await TestApp.StartAsync(simulator.BaseUrl);

        await app.Create<RefreshCourierDirectory>().RunAsync(new TimerInfo(), CancellationToken.None);

        var table = new TableServiceClient(app.Get<IConfiguration>()["Tables"]).GetTableClient(app.TablePrefix + TableNames.Couriers);
        var rows = await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"courier"}")).ToListAsync();
        var postnl = Assert.Single(rows, r => r.GetString("Slug") == "postnl-3s");
        Assert.Equal("PostNL International 3S", postnl.GetString("Name"));
        Assert.Equal("tracking_postal_code,tracking_destination_country_region", postnl.GetString("RequiredFields"));
        Assert.Equal("https://www.postnl.nl/", postnl.GetString("Website"));
        Assert.True(postnl.GetBoolean("Activated"));
        Assert.False(rows.Single(r => r.GetString("Slug") == "deutsch-post").GetBoolean("Activated"));
        Assert.Single(simulator.Requests, r => r.Endpoint == EndpointKeys.ListCouriers);
        Assert.Single(simulator.Requests, r => r.Endpoint == EndpointKeys.ListAllCouriers);
    }

    [Fact]
    public async Task A_courier_AfterShip_no_longer_lists_leaves_the_directory_on_the_next_refresh()
    {
        await using var simulator = await AfterShipSimulator.StartAsync(new SimulatorOptions { ApiKey = TestApp.ApiKey });
        await using var app = await TestApp.StartAsync(simulator.BaseUrl);
        var refresher = app.Get<CourierDirectoryRefresher>();
        simulator.AddCourier("short-lived", "Short Lived");
        await refresher.RefreshAsync(CancellationToken.None);
        await using var empty = await AfterShipSimulator.StartAsync(new SimulatorOptions { ApiKey = TestApp.ApiKey });
        await using var later = await TestApp.StartAsync(empty.BaseUrl, new Dictionary<string, string?> { ["Storage:TablePrefix"] = app.TablePrefix });

        await later.Get<CourierDirectoryRefresher>().RefreshAsync(CancellationToken.None);

        var stored = await later.Get<CourierDirectoryStore>().ReadAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Null(stored.Find("short-lived"));
        Assert.NotNull(stored.Find("ups"));
    }

    [Fact]
    public async Task After_a_restart_with_AfterShip_gone_commands_and_the_page_use_the_stored_directory()
    {
        string prefix;
        await using (var simulator = await AfterShipSimulator.StartAsync(new SimulatorOptions { ApiKey = TestApp.ApiKey }))
        await using (var before = await TestApp.StartAsync(simulator.BaseUrl))
        {
            await before.Create<RefreshCourierDirectory>().RunAsync(new TimerInfo(), CancellationToken.None);
            prefix = before.TablePrefix;
        }

        // A new instance: nothing in memory, and nothing listening where AfterShip was.
        await using var after = await TestApp.StartAsync(NoAfterShip, new Dictionary<string, string?> { ["Storage:TablePrefix"] = prefix });

        var unknown = await RunAsync(after, Create("req-unknown", "dhl-germny"));
        var missing = await RunAsync(after, Create("req-missing", "postnl-3s", ("tracking_postal_code", "1011AB")));
        await after.Get<CourierDirectory>().CurrentAsync(CancellationToken.None);
        var page = after.Get<ICourierDirectory>().Find("postnl-3s");

        Assert.Equal(CourierErrorCodes.UnknownSlug, unknown.ErrorCode);
        Assert.Contains("Closest known slugs: dhl-germany", unknown.Reason, StringComparison.Ordinal);
        Assert.Equal(CourierErrorCodes.RequiredFieldsMissing, missing.ErrorCode);
        Assert.Contains("tracking_destination_country_region", missing.Reason, StringComparison.Ordinal);
        Assert.Equal("PostNL International 3S", page!.Name);
        Assert.Equal(new Uri("https://www.postnl.nl/"), page.Website);
        Assert.DoesNotContain(after.Logs.GetSnapshot(), r => r.Message.Contains("refresh", StringComparison.OrdinalIgnoreCase) && r.Category == typeof(CourierDirectory).FullName);
    }

    [Fact]
    public async Task Without_any_stored_directory_and_AfterShip_unreachable_a_create_is_left_to_AfterShip()
    {
        await using var app = await TestApp.StartAsync(NoAfterShip, new Dictionary<string, string?> { ["AfterShip:TotalTimeout"] = "00:00:02", ["AfterShip:AttemptTimeout"] = "00:00:01", ["AfterShip:MaxRetryAttempts"] = "1" });

        var check = app.Get<CreateCourierCheck>();
        var body = await check.CheckAsync(new TrackingCommand(CommandAction.Create, "r", null, "ups", "TN1", new JsonObject { ["tracking_number"] = "TN1", ["slug"] = "ups" }, null), CancellationToken.None);

        Assert.Equal("ups", (string?)body["slug"]);
    }

    [Fact]
    public async Task The_page_lookup_answers_from_memory_and_loads_the_stored_directory_in_the_background()
    {
        await using var simulator = await AfterShipSimulator.StartAsync(new SimulatorOptions { ApiKey = TestApp.ApiKey });
        await using var writer = await TestApp.StartAsync(simulator.BaseUrl);
        await writer.Get<CourierDirectoryRefresher>().RefreshAsync(CancellationToken.None);
        await using var reader = await TestApp.StartAsync(NoAfterShip, new Dictionary<string, string?> { ["Storage:TablePrefix"] = writer.TablePrefix });
        var directory = reader.Get<ICourierDirectory>();

        Assert.Null(directory.Find("ups"));
        await reader.Get<CourierDirectory>().CurrentAsync(CancellationToken.None);

        Assert.Equal("UPS", directory.Find("ups")!.Name);
        Assert.Equal("UPS", directory.Find("UPS")!.Name);
    }
}
