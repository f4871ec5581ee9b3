using Microsoft.Extensions.Options;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.Contract;

public sealed class StartupValidationTests
{
    [Fact]
    public async Task Missing_AfterShip_api_key_stops_start_up_naming_the_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(settings: new Dictionary<string, string?> { ["AfterShip:ApiKey"] = "" }));

        Assert.Contains("AfterShip__ApiKey", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_webhook_secret_stops_start_up_naming_the_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Webhook:Secrets:0"] = "", ["Webhook:Secrets:1"] = "" }));

        Assert.Contains("Webhook__Secrets__0", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headroom_out_of_range_stops_start_up()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(settings: new Dictionary<string, string?> { ["AfterShip:RateLimitHeadroom"] = "0.9" }));

        Assert.IsType<OptionsValidationException>(error is AggregateException agg ? agg.InnerExceptions[0] : error);
    }

    [Fact]
    public async Task Short_order_lookup_hash_key_stops_start_up_naming_the_setting_without_echoing_it()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(settings: new Dictionary<string, string?> { ["OrderLookup:HashKey"] = "short-secret" }));

        Assert.Contains("OrderLookup__HashKey", Flatten(error), StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret", Flatten(error), StringComparison.Ordinal);
    }

    private static string Flatten(Exception error)
        => error is AggregateException agg ? string.Join(" | ", agg.InnerExceptions.Select(e => e.Message)) : error.Message;
}
