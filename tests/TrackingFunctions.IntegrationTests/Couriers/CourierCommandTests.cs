using AfterShip.Simulator;
using TrackingFunctions.Commands;
using TrackingFunctions.IntegrationTests.Commands;

namespace TrackingFunctions.IntegrationTests.Couriers;

/// <summary>The courier rules of create commands, against the simulator's courier directory and its refusals.</summary>
public sealed class CourierCommandTests
{
    private static readonly Dictionary<string, string?> DetectFirst = new() { ["Couriers:DetectBeforeCreate"] = "true" };

    private static string Create(string requestId, params (string Name, string Value)[] fields) => CreateCommand.Json(requestId, fields);

    private static string Number(string prefix = "TN") => CreateCommand.Number(prefix);

    private static int Creates(CommandFixture f) => f.Simulator.Requests.Count(r => r.Endpoint == EndpointKeys.CreateTracking);

    [Fact]
    public async Task Create_for_a_courier_whose_required_fields_are_missing_fails_naming_them_without_calling_create()
    {
        await using var f = await CommandFixture.StartAsync();

        var outcome = await f.RunOnceAsync(Create("req-fields", ("tracking_number", Number("3S")), ("slug", "postnl-3s"), ("destination_country_region", "NLD")));

        Assert.Equal(CommandStatus.Failed, outcome.Status);
        Assert.Equal(CourierErrorCodes.RequiredFieldsMissing, outcome.ErrorCode);
        Assert.Contains("tracking_postal_code (or destination_postal_code)", outcome.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("tracking_destination_country_region", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("PostNL International 3S", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(0, Creates(f));
        Assert.Equal(CourierErrorCodes.RequiredFieldsMissing, (await f.OutcomeAsync("req-fields"))!.ErrorCode);
    }

    [Fact]
    public async Task Create_for_a_courier_with_its_required_fields_is_sent()
    {
        await using var f = await CommandFixture.StartAsync();

        var outcome = await f.RunOnceAsync(Create("req-ok", ("tracking_number", Number("3S")), ("slug", "postnl-3s"), ("destination_postal_code", "1011AB"), ("tracking_destination_country_region", "NLD")));

        Assert.Equal(CommandStatus.Succeeded, outcome.Status);
        Assert.Equal(1, Creates(f));
    }

    [Fact]
    public async Task Create_with_an_unknown_slug_fails_naming_the_closest_known_slugs_without_calling_create()
    {
        await using var f = await CommandFixture.StartAsync();

        var outcome = await f.RunOnceAsync(Create("req-slug", ("tracking_number", Number()), ("slug", "upss")));

        Assert.Equal(CommandStatus.Failed, outcome.Status);
        Assert.Equal(CourierErrorCodes.UnknownSlug, outcome.ErrorCode);
        Assert.Contains("'upss'", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("Closest known slugs: ups, usps", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(0, Creates(f));
    }

    [Fact]
    public async Task Unknown_slug_refreshes_the_directory_once_on_the_miss_and_finds_a_courier_added_since()
    {
        await using var f = await CommandFixture.StartAsync(new Dictionary<string, string?> { ["Couriers:MissRefreshInterval"] = "00:00:00" });
        Assert.Equal(CommandStatus.Succeeded, (await f.RunOnceAsync(Create("req-first", ("tracking_number", Number()), ("slug", "ups")))).Status);
        f.Simulator.AddCourier("brand-new-courier", "Brand New Courier");

        var outcome = await f.RunOnceAsync(Create("req-new", ("tracking_number", Number()), ("slug", "brand-new-courier")));

        Assert.Equal(CommandStatus.Succeeded, outcome.Status);
        Assert.Equal(2, f.Simulator.Requests.Count(r => r.Endpoint == EndpointKeys.ListAllCouriers));
    }

    [Fact]
    public async Task Known_slugs_are_checked_from_the_stored_directory_without_asking_AfterShip_again()
    {
        await using var f = await CommandFixture.StartAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(CommandStatus.Succeeded, (await f.RunOnceAsync(Create("req-" + i, ("tracking_number", Number()), ("slug", "ups")))).Status);
        }

        Assert.Equal(1, f.Simulator.Requests.Count(r => r.Endpoint == EndpointKeys.ListAllCouriers));
        Assert.Equal(1, f.Simulator.Requests.Count(r => r.Endpoint == EndpointKeys.ListCouriers));
    }

    [Fact]
    public async Task A_burst_of_creates_on_a_fresh_deployment_fetches_the_directory_once()
    {
        await using var f = await CommandFixture.StartAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => f.RunOnceAsync(Create("req-burst-" + i, ("tracking_number", Number()), ("slug", "ups")), "m-" + i)));

        Assert.All(outcomes, o => Assert.Equal(CommandStatus.Succeeded, o.Status));
        Assert.Single(f.Simulator.Requests, r => r.Endpoint == EndpointKeys.ListAllCouriers);
        Assert.Single(f.Simulator.Requests, r => r.Endpoint == EndpointKeys.ListCouriers);
    }

    [Fact]
    public async Task Create_without_a_courier_detects_first_and_fails_on_the_detected_couriers_missing_fields_without_calling_create()
    {
        await using var f = await CommandFixture.StartAsync(DetectFirst);

        var outcome = await f.RunOnceAsync(Create("req-detect", ("tracking_number", Number("3S"))));

        Assert.Equal(CommandStatus.Failed, outcome.Status);
        Assert.Equal(CourierErrorCodes.RequiredFieldsMissing, outcome.ErrorCode);
        Assert.Contains("postnl-3s", outcome.Reason, StringComparison.Ordinal);
        Assert.Single(f.Simulator.Requests, r => r.Endpoint == EndpointKeys.DetectCourier);
        Assert.Equal(0, Creates(f));
    }

    [Fact]
    public async Task Create_without_a_courier_detects_first_then_creates_with_the_detected_slug()
    {
        await using var f = await CommandFixture.StartAsync(DetectFirst);

        var outcome = await f.RunOnceAsync(Create("req-detected", ("tracking_number", Number("3S")), ("tracking_postal_code", "1011AB"), ("destination_country_region", "NLD")));

        Assert.Equal(CommandStatus.Succeeded, outcome.Status);
        var detect = Assert.Single(f.Simulator.Requests, r => r.Endpoint == EndpointKeys.DetectCourier);
        Assert.Contains("\"tracking_postal_code\":\"1011AB\"", detect.Body, StringComparison.Ordinal);
        var create = Assert.Single(f.Simulator.Requests, r => r.Endpoint == EndpointKeys.CreateTracking);
        Assert.Contains("\"slug\":\"postnl-3s\"", create.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_for_a_number_no_courier_is_detected_for_fails_without_calling_create()
    {
        await using var f = await CommandFixture.StartAsync(DetectFirst);

        var outcome = await f.RunOnceAsync(Create("req-none", ("tracking_number", Number("ZZ"))));

        Assert.Equal(CommandStatus.Failed, outcome.Status);
        Assert.Equal(CourierErrorCodes.NotDetected, outcome.ErrorCode);
        Assert.Equal(0, Creates(f));
    }

    [Fact]
    public async Task Without_detection_a_create_without_a_courier_goes_to_AfterShip_and_its_refusal_becomes_the_same_outcome()
    {
        await using var f = await CommandFixture.StartAsync();

        var outcome = await f.RunOnceAsync(Create("req-as-4011", ("tracking_number", Number("3S"))));

        Assert.Equal(CommandStatus.Failed, outcome.Status);
        Assert.Equal(CourierErrorCodes.RequiredFieldsMissing, outcome.ErrorCode);
        Assert.Equal(4011, outcome.AfterShipCode);
        Assert.DoesNotContain(f.Simulator.Requests, r => r.Endpoint == EndpointKeys.DetectCourier);
    }

    [Fact]
    public async Task Slug_group_passes_through_without_a_directory_or_detect_call()
    {
        await using var f = await CommandFixture.StartAsync(DetectFirst);

        var outcome = await f.RunOnceAsync(Create("req-group", ("tracking_number", Number()), ("slug_group", "fedex-group")));

        Assert.Equal(CommandStatus.Succeeded, outcome.Status);
        Assert.Equal(1, Creates(f));
        Assert.DoesNotContain(f.Simulator.Requests, r => r.Endpoint is EndpointKeys.DetectCourier or EndpointKeys.ListCouriers or EndpointKeys.ListAllCouriers);
    }

    [Fact]
    public async Task Slug_and_slug_group_together_fail_without_calling_create()
    {
        await using var f = await CommandFixture.StartAsync();

        var outcome = await f.RunOnceAsync(Create("req-both", ("tracking_number", Number()), ("slug", "fedex"), ("slug_group", "fedex-group")));

        Assert.Equal(CourierErrorCodes.SlugAndSlugGroup, outcome.ErrorCode);
        Assert.Equal(0, Creates(f));
    }

    [Fact]
    public async Task AfterShips_4011_for_a_courier_the_stored_directory_thought_needed_nothing_names_the_fields_and_is_not_retried()
    {
        await using var f = await CommandFixture.StartAsync();
        Assert.Equal(CommandStatus.Succeeded, (await f.RunOnceAsync(Create("req-before", ("tracking_number", Number()), ("slug", "dhl")))).Status);
        f.Simulator.AddCourier("dhl", "DHL Express", ["tracking_account_number"]);

        var outcome = await f.RunOnceAsync(Create("req-after", ("tracking_number", Number()), ("slug", "dhl")));

        Assert.Equal(CommandStatus.Failed, outcome.Status);
        Assert.Equal(CourierErrorCodes.RequiredFieldsMissing, outcome.ErrorCode);
        Assert.Equal(4011, outcome.AfterShipCode);
        Assert.Contains("tracking_account_number", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterShips_4010_for_a_slug_the_directory_still_lists_names_the_closest_slugs()
    {
        await using var f = await CommandFixture.StartAsync();
        f.Simulator.Faults.FailNext(1, 4010, EndpointKeys.CreateTracking);

        var outcome = await f.RunOnceAsync(Create("req-4010", ("tracking_number", Number()), ("slug", "dhl")));

        Assert.Equal(CourierErrorCodes.UnknownSlug, outcome.ErrorCode);
        Assert.Equal(4010, outcome.AfterShipCode);
        Assert.Contains("Closest known slugs: dhl", outcome.Reason, StringComparison.Ordinal);
    }
}
