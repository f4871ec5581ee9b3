using System.Net;
using System.Text.Json.Nodes;
using TrackingFunctions.IntegrationTests.Harness;
using TrackingFunctions.Subscriptions;

namespace TrackingFunctions.IntegrationTests.Subscriptions;

/// <summary>The admin API's checks of a new subscription, with private targets off as in Azure.</summary>
public sealed class SubscriptionRegistrationTests
{
    private static readonly IPAddress Public = IPAddress.Parse("93.184.215.14");

    [Theory]
    [InlineData("http://127.0.0.1/hooks", "https")]
    [InlineData("https://10.0.0.1/hooks", "10.0.0.1")]
    [InlineData("https://169.254.169.254/latest/meta-data", "169.254.169.254")]
    [InlineData("https://[::1]/hooks", "::1")]
    [InlineData("https://[fd00::1]/hooks", "fd00::1")]
    [InlineData("https://[::ffff:192.168.1.1]/hooks", "192.168.1.1")]
    [InlineData("https://localhost/hooks", "resolves to")]
    public async Task Registration_refuses_private_loopback_link_local_and_metadata_targets_with_a_400(string url, string named)
    {
        await using var app = await TestApp.StartAsync();

        var (status, problem) = await SubscriptionRig.Api.CreateAsync(app, new JsonObject { ["url"] = url }.ToJsonString());

        Assert.Equal(400, status);
        Assert.Contains(named, (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_of_a_public_https_target_answers_201_with_the_secret_shown_once()
    {
        await using var app = await TestApp.StartAsync();
        app.Get<TargetGuard>().Resolve = (_, _) => Task.FromResult(new[] { Public });

        var (status, created) = await SubscriptionRig.Api.CreateAsync(app, """{"url":"https://hooks.example.com/in","event_types":["*"],"description":"ERP"}""");
        var (_, read) = await SubscriptionRig.Api.GetAsync(app, (string)created["id"]!);

        Assert.Equal(201, status);
        Assert.StartsWith("whsec_", (string?)created["secret"], StringComparison.Ordinal);
        Assert.Equal(32, WebhookSecret.KeyOf((string)created["secret"]!).Length);
        Assert.NotEqual((string?)created["secret"], (string?)read["secret"]);
        Assert.EndsWith(((string)created["secret"]!)[^4..], (string?)read["secret"], StringComparison.Ordinal);
        Assert.Equal("ERP", (string?)read["description"]);
    }

    [Theory]
    [InlineData("""{"event_types":["*"]}""", "url is required")]
    [InlineData("""{"url":"not a url"}""", "url is required")]
    [InlineData("""{"url":"https://hooks.example.com","event_types":["com.example.other"]}""", "matches no change-event type")]
    [InlineData("""{"url":"https://hooks.example.com","event_types":"*"}""", "array of strings")]
    [InlineData("not json", "not JSON")]
    public async Task Registration_answers_a_problem_for_bad_input(string body, string says)
    {
        await using var app = await TestApp.StartAsync();

        var (status, problem) = await SubscriptionRig.Api.CreateAsync(app, body);

        Assert.Equal(400, status);
        Assert.Contains(says, (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_whose_name_later_resolves_to_loopback_gets_a_refused_attempt_and_no_request()
    {
        await using var rig = await SubscriptionRig.StartAsync(new Dictionary<string, string?> { ["Subscriptions:AllowPrivateTargets"] = "false" });
        var guard = rig.App.Get<TargetGuard>();
        guard.Resolve = (_, _) => Task.FromResult(new[] { Public });
        var (status, created) = await SubscriptionRig.Api.CreateAsync(rig.App, """{"url":"https://rebound.example.com/in"}""");
        Assert.Equal(201, status);

        // DNS rebinding: the name answered a public address at registration and loopback at delivery.
        guard.Resolve = (_, _) => Task.FromResult(new[] { IPAddress.Loopback });
        await rig.ChangeAsync();
        await rig.SettledAsync();

        var (_, log) = await SubscriptionRig.Api.DeliveriesAsync(rig.App, (string)created["id"]!);
        Assert.NotEmpty(log["attempts"]!.AsArray());
        Assert.All(log["attempts"]!.AsArray(), a => Assert.Equal("refused", (string?)a!["outcome"]));
        Assert.Empty(rig.Receiver.Received);
    }

    [Theory]
    [InlineData("8.8.8.8", false)]
    [InlineData("2606:4700::1111", false)]
    [InlineData("100.64.0.1", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("192.168.0.1", true)]
    [InlineData("168.63.129.16", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd12:3456::1", true)]
    [InlineData("64:ff9b::a00:1", true)]
    [InlineData("0.0.0.0", true)]
    public void Blocked_addresses_cover_the_private_ranges_and_nothing_public(string address, bool blocked)
        => Assert.Equal(blocked, BlockedAddresses.IsBlocked(IPAddress.Parse(address)));
}
