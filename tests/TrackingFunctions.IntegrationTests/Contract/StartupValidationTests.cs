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

    [Theory]
    [InlineData("Subscriptions:RetrySchedule", "5 seconds", "Subscriptions__RetrySchedule")]
    [InlineData("Subscriptions:AttemptTimeout", "00:05:00", "Subscriptions__AttemptTimeout")]
    [InlineData("Subscriptions:EventRetentionDays", "0", "Subscriptions__EventRetentionDays")]
    [InlineData("Subscriptions:MaxConcurrencyPerSubscription", "0", "Subscriptions__MaxConcurrencyPerSubscription")]
    public async Task A_bad_signed_webhook_setting_stops_start_up_naming_it(string key, string value, string named)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(settings: new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(named, Flatten(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0 0 3 * *")]
    [InlineData("daily")]
    public async Task Missing_or_malformed_courier_refresh_schedule_stops_start_up_naming_the_setting(string schedule)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(settings: new Dictionary<string, string?> { ["CourierRefreshSchedule"] = schedule }));

        Assert.Contains("CourierRefreshSchedule", Flatten(error), StringComparison.Ordinal);
        Assert.Contains("six fields", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Courier_miss_refresh_interval_out_of_range_stops_start_up_naming_the_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestApp.StartAsync(settings: new Dictionary<string, string?> { ["Couriers:MissRefreshInterval"] = "2.00:00:00" }));

        Assert.Contains("Couriers__MissRefreshInterval", Flatten(error), StringComparison.Ordinal);
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
