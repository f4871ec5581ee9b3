using System.Net;
using System.Text.Json.Nodes;

namespace AfterShip.Simulator.Tests;

public sealed class TrackingEndpointTests
{
    [Fact]
    public async Task Create_ValidBody_Returns201WithEnvelopeAndGeneratedFields()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);

        using var response = await client.PostAsync("trackings", Http.Json("""{"tracking_number":"1Z999AA10123456784","title":"Order 42"}"""));
        var envelope = await Http.EnvelopeAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(201, Http.MetaCode(envelope));
        Assert.Null(envelope["meta"]!["message"]);
        var data = envelope["data"]!.AsObject();
        Assert.Matches("^[0-9a-f]{32}$", data["id"]!.GetValue<string>());
        Assert.Equal(24, data["legacy_id"]!.GetValue<string>().Length);
        Assert.Equal("1Z999AA10123456784", data["tracking_number"]!.GetValue<string>());
        Assert.Equal("ups", data["slug"]!.GetValue<string>());
        Assert.Equal("Pending", data["tag"]!.GetValue<string>());
        Assert.Equal("Pending_001", data["subtag"]!.GetValue<string>());
        Assert.True(data["active"]!.GetValue<bool>());
        Assert.Empty(data["checkpoints"]!.AsArray());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", data["created_at"]!.GetValue<string>());
        Assert.Equal(data["created_at"]!.GetValue<string>(), data["updated_at"]!.GetValue<string>());
        Assert.Equal("2025-01", Http.Header(response, "as-api-version"));
    }

    [Fact]
    public async Task Create_UnknownFields_AreStoredAndReturnedVerbatim()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);
        const string Body = """{"tracking_number":"AB123456789","slug":"dhl","x_future":{"nested":[1,"two",null]},"order_id":"o-1"}""";

        using var created = await client.PostAsync("trackings", Http.Json(Body));
        var id = (await Http.EnvelopeAsync(created))["data"]!["id"]!.GetValue<string>();
        using var fetched = await client.GetAsync($"trackings/{id}");
        var data = (await Http.EnvelopeAsync(fetched))["data"]!.AsObject();

        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"nested":[1,"two",null]}"""), data["x_future"]));
        Assert.Equal("o-1", data["order_id"]!.GetValue<string>());
        Assert.Equal("dhl", data["slug"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_SameNumberAndSlugTwice_Returns4003WithEmptyData()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);
        const string Body = """{"tracking_number":"123456789012","slug":"fedex"}""";

        using var first = await client.PostAsync("trackings", Http.Json(Body));
        using var second = await client.PostAsync("trackings", Http.Json(Body));
        var envelope = await Http.EnvelopeAsync(second);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal(4003, Http.MetaCode(envelope));
        Assert.Equal("BadRequest", Http.MetaType(envelope));
        Assert.Equal("Tracking already exists.", envelope["meta"]!["message"]!.GetValue<string>());
        Assert.Empty(envelope["data"]!.AsObject());
        Assert.Single(simulator.Trackings);
    }

    [Theory]
    [InlineData("{}", 4007)]
    [InlineData("""{"tracking_number":"ab"}""", 4005)]
    [InlineData("""{"tracking_number":"ABC 123"}""", 4005)]
    [InlineData("""{"tracking_number":"ABC12345","title":5}""", 4008)]
    [InlineData("""{"tracking_number":"ABC12345","slug":"ups","slug_group":"dhl-group"}""", 4008)]
    [InlineData("not json", 4001)]
    public async Task Create_InvalidBody_Returns400WithAfterShipMetaCode(string body, int expectedMetaCode)
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);

        using var response = await client.PostAsync("trackings", Http.Json(body));
        var envelope = await Http.EnvelopeAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(expectedMetaCode, Http.MetaCode(envelope));
        Assert.Equal("BadRequest", Http.MetaType(envelope));
        Assert.Empty(simulator.Trackings);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404With4004()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);

        using var response = await client.GetAsync("trackings/0123456789abcdef0123456789abcdef");
        var envelope = await Http.EnvelopeAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(4004, Http.MetaCode(envelope));
        Assert.Equal("BadRequest", Http.MetaType(envelope));
        Assert.Equal("GET /trackings/{id}", Assert.Single(simulator.Requests).Endpoint);
    }

    [Fact]
    public async Task Request_WrongApiKey_Returns401AndIsRecordedWithoutTheKey()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator, apiKey: "not-the-key");

        using var response = await client.GetAsync("trackings?tracking_numbers=ABC12345");
        var envelope = await Http.EnvelopeAsync(response);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, Http.MetaCode(envelope));
        Assert.Equal("Unauthorized", Http.MetaType(envelope));
        var recorded = Assert.Single(simulator.Requests);
        Assert.False(recorded.HadValidApiKey);
        Assert.Equal(401, recorded.StatusCode);
        Assert.Equal("GET /trackings", recorded.Endpoint);
        Assert.Equal("tracking_numbers=ABC12345", recorded.Query);
        Assert.DoesNotContain("not-the-key", recorded.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarkAsCompleted_Lost_DeactivatesSoRetrackIsAllowedOnlyAfterwards()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);
        var seeded = simulator.AddTracking("9400100000000000000000", "usps");

        using var earlyRetrack = await client.PostAsync($"trackings/{seeded.Id}/retrack", content: null);
        using var completed = await client.PostAsync($"trackings/{seeded.Id}/mark-as-completed", Http.Json("""{"reason":"LOST"}"""));
        var completedData = (await Http.EnvelopeAsync(completed))["data"]!;
        using var retrack = await client.PostAsync($"trackings/{seeded.Id}/retrack", content: null);

        Assert.Equal(4013, Http.MetaCode(await Http.EnvelopeAsync(earlyRetrack)));
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal("Exception", completedData["tag"]!.GetValue<string>());
        Assert.Equal("Exception_013", completedData["subtag"]!.GetValue<string>());
        Assert.False(completedData["active"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, retrack.StatusCode);
        Assert.True(simulator.FindTracking(seeded.Id)!.Active);
    }

    [Fact]
    public async Task List_ByTrackingNumbers_PagesThroughCursorWithoutOverlap()
    {
        await using var simulator = await AfterShipSimulator.StartAsync();
        using var client = Http.Client(simulator);
        var wanted = Enumerable.Range(1, 5).Select(i => simulator.AddTracking($"PAGE{i:D4}", "ups").Id).ToHashSet();
        simulator.AddTracking("OTHER0001", "ups");

        var seen = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var url = "trackings?limit=2&tracking_numbers=PAGE0001,PAGE0002,PAGE0003,PAGE0004,PAGE0005"
                + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
            using var response = await client.GetAsync(url);
            var data = (await Http.EnvelopeAsync(response))["data"]!;
            var pagination = data["pagination"]!;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(5, pagination["total"]!.GetValue<int>());
            seen.AddRange(data["trackings"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()));
            cursor = pagination["next_cursor"]?.GetValue<string>();
            Assert.Equal(cursor is not null, pagination["has_next_page"]!.GetValue<bool>());
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(5, seen.Count);
        Assert.True(wanted.SetEquals(seen));
        Assert.Equal(3, simulator.Requests.Count(r => r.Endpoint == "GET /trackings" && r.StatusCode == 200));
        Assert.All(simulator.Requests, r => Assert.Contains("limit=2", r.Query, StringComparison.Ordinal));
    }
}
