using System.Net;

namespace AfterShip.Simulator.Tests;

public sealed class CourierEndpointTests
{
    [Fact]
    public async Task ListAll_ReturnsEveryCourierWithItsRequiredFields()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);

        using var response = await client.GetAsync("couriers/all");
        var data = (await Http.EnvelopeAsync(response))["data"]!.AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var couriers = data["couriers"]!.AsArray();
        Assert.Equal(couriers.Count, data["total"]!.GetValue<int>());
        var postnl = couriers.Single(c => (string?)c!["slug"] == "postnl-3s")!;
        Assert.Equal("PostNL International 3S", (string?)postnl["name"]);
        Assert.Equal(["tracking_postal_code", "tracking_destination_country_region"], postnl["required_fields"]!.AsArray().Select(f => (string)f!));
        Assert.Contains(couriers, c => (string?)c!["slug"] == "deutsch-post");
        Assert.Equal(5, int.Parse(Http.Header(response, "X-RateLimit-Limit"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task List_ReturnsOnlyTheAccountsActivatedCouriers()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        simulator.AddCourier("new-courier", "New Courier", activated: false);
        using var client = Http.Client(simulator);

        using var mine = await client.GetAsync("couriers");
        using var all = await client.GetAsync("couriers/all");
        var activated = (await Http.EnvelopeAsync(mine))["data"]!["couriers"]!.AsArray().Select(c => (string)c!["slug"]!).ToList();
        var every = (await Http.EnvelopeAsync(all))["data"]!["couriers"]!.AsArray().Select(c => (string)c!["slug"]!).ToList();

        Assert.Contains("ups", activated);
        Assert.DoesNotContain("new-courier", activated);
        Assert.DoesNotContain("deutsch-post", activated);
        Assert.Contains("new-courier", every);
        Assert.True(every.Count > activated.Count);
        Assert.Contains(simulator.Requests, r => r.Endpoint == EndpointKeys.ListCouriers);
        Assert.Contains(simulator.Requests, r => r.Endpoint == EndpointKeys.ListAllCouriers);
    }

    [Fact]
    public async Task Detect_ReturnsTheDetectedCourierWithItsRequiredFields()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);

        using var response = await client.PostAsync("couriers/detect", Http.Json("""{"tracking_number":"3SABC1234567"}"""));
        var data = (await Http.EnvelopeAsync(response))["data"]!.AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var courier = Assert.Single(data["couriers"]!.AsArray())!;
        Assert.Equal("postnl-3s", (string?)courier["slug"]);
        Assert.Contains("tracking_postal_code", courier["required_fields"]!.AsArray().Select(f => (string)f!));
    }

    [Fact]
    public async Task Detect_CandidateSlugs_ReturnsThoseItKnows()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);

        using var response = await client.PostAsync("couriers/detect", Http.Json("""{"tracking_number":"AB123456789","slug":["deutsch-post","no-such-courier","dhl"]}"""));
        var couriers = (await Http.EnvelopeAsync(response))["data"]!["couriers"]!.AsArray();

        Assert.Equal(["deutsch-post", "dhl"], couriers.Select(c => (string)c!["slug"]!));
    }

    [Fact]
    public async Task Detect_UndetectableNumber_ReturnsNoCouriers()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);

        using var response = await client.PostAsync("couriers/detect", Http.Json("""{"tracking_number":"ZZ0000000001"}"""));
        var data = (await Http.EnvelopeAsync(response))["data"]!.AsObject();

        Assert.Equal(0, data["total"]!.GetValue<int>());
        Assert.Empty(data["couriers"]!.AsArray());
    }

    [Fact]
    public async Task Detect_SlugThatIsNotAList_Returns4008()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);

        using var response = await client.PostAsync("couriers/detect", Http.Json("""{"tracking_number":"AB123456789","slug":"dhl"}"""));

        Assert.Equal(4008, Http.MetaCode(await Http.EnvelopeAsync(response)));
    }

    [Fact]
    public async Task Create_CourierMissingRequiredFields_Returns4011NamingThem()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);

        using var response = await client.PostAsync("trackings", Http.Json("""{"tracking_number":"3SABC1234567","slug":"postnl-3s","destination_country_region":"NLD"}"""));
        var envelope = await Http.EnvelopeAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(4011, Http.MetaCode(envelope));
        var message = (string)envelope["meta"]!["message"]!;
        Assert.Contains("tracking_postal_code", message, StringComparison.Ordinal);
        Assert.DoesNotContain("tracking_destination_country_region", message, StringComparison.Ordinal);
        Assert.Empty(simulator.Trackings);
    }

    [Fact]
    public async Task Create_RequiredFieldsGivenUnderTheirLegacyOrAddressNames_IsAccepted()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);

        using var legacy = await client.PostAsync("trackings", Http.Json("""{"tracking_number":"3SABC1234567","slug":"postnl-3s","tracking_postal_code":"1011AB","tracking_destination_country_region":"NLD"}"""));
        using var address = await client.PostAsync("trackings", Http.Json("""{"tracking_number":"3SABC7654321","slug":"postnl-3s","destination_postal_code":"1011AB","destination_country_region":"NLD"}"""));

        Assert.Equal(HttpStatusCode.Created, legacy.StatusCode);
        Assert.Equal(HttpStatusCode.Created, address.StatusCode);
    }

    [Fact]
    public async Task Create_DetectedCourierMissingRequiredFields_Returns4011()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);

        using var response = await client.PostAsync("trackings", Http.Json("""{"tracking_number":"3SABC1234567"}"""));

        Assert.Equal(4011, Http.MetaCode(await Http.EnvelopeAsync(response)));
    }

    [Fact]
    public async Task Create_UnknownSlug_Returns4010()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);

        using var response = await client.PostAsync("trackings", Http.Json("""{"tracking_number":"AB123456789","slug":"upss"}"""));

        Assert.Equal(4010, Http.MetaCode(await Http.EnvelopeAsync(response)));
    }

    [Fact]
    public async Task Create_UndetectableNumber_Returns4012()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);

        using var response = await client.PostAsync("trackings", Http.Json("""{"tracking_number":"ZZ0000000001"}"""));

        Assert.Equal(4012, Http.MetaCode(await Http.EnvelopeAsync(response)));
    }

    [Fact]
    public async Task Create_SlugGroup_IsResolvedByAfterShipWithoutACourierCheck()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);

        using var response = await client.PostAsync("trackings", Http.Json("""{"tracking_number":"AB123456789","slug_group":"fedex-group"}"""));
        var data = (await Http.EnvelopeAsync(response))["data"]!.AsObject();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("fedex", (string?)data["slug"]);
    }
}
