using System.Text.Json;
using AfterShip.Simulator;
using TrackingFunctions.AfterShip.Models;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.AfterShip;

/// <summary>
/// The courier endpoints over real HTTP against the simulator, through the app's registration and budget. One test
/// asserts "no 429", so the class runs alone (see <see cref="RateSensitive"/>).
/// </summary>
[Collection(RateSensitive.Name)]
public sealed class ClientCourierTests
{
    [Fact]
    public async Task List_couriers_reads_the_accounts_couriers_and_all_couriers_with_required_fields()
    {
        await using var h = await ClientHarness.StartAsync();

        var mine = await h.Client.ListCouriersAsync(all: false, CancellationToken.None);
        var all = await h.Client.ListCouriersAsync(all: true, CancellationToken.None);

        Assert.Contains(mine, c => c.Slug == "ups");
        Assert.DoesNotContain(mine, c => c.Slug == "deutsch-post");
        var deutschePost = Assert.Single(all, c => c.Slug == "deutsch-post");
        Assert.Equal(["tracking_ship_date", "tracking_postal_code"], deutschePost.RequiredFields);
        Assert.Equal("https://www.deutschepost.de", deutschePost.WebUrl);
        Assert.Equal(ClientHarness.PathOf("couriers"), Assert.Single(h.RequestsTo(EndpointKeys.ListCouriers)).Path);
        Assert.Equal(ClientHarness.PathOf("couriers/all"), Assert.Single(h.RequestsTo(EndpointKeys.ListAllCouriers)).Path);
    }

    [Fact]
    public async Task Detect_posts_the_number_and_hints_flat_and_returns_the_candidates()
    {
        await using var h = await ClientHarness.StartAsync();

        var couriers = await h.Client.DetectCourierAsync(
            new DetectCourierRequest { TrackingNumber = "3SABC1234567", AdditionalFields = new Dictionary<string, JsonElement> { ["tracking_postal_code"] = JsonSerializer.SerializeToElement("1011AB") } },
            CancellationToken.None);

        Assert.Equal("postnl-3s", Assert.Single(couriers).Slug);
        var body = Assert.Single(h.RequestsTo(EndpointKeys.DetectCourier)).Body!;
        Assert.Contains("\"tracking_number\":\"3SABC1234567\"", body, StringComparison.Ordinal);
        Assert.Contains("\"tracking_postal_code\":\"1011AB\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_burst_of_detect_calls_is_held_to_the_detect_limit_without_a_429()
    {
        await using var h = await ClientHarness.StartAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 9).Select(i => h.Client.DetectCourierAsync(new DetectCourierRequest { TrackingNumber = ClientHarness.NewNumber() }, CancellationToken.None)));

        Assert.All(answers, a => Assert.Single(a));
        Assert.Equal(9, h.RequestsTo(EndpointKeys.DetectCourier).Count);
        Assert.Equal(0, h.Simulator.CountResponses(429));
    }
}
