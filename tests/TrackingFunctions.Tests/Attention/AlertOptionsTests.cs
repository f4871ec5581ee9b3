using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrackingFunctions.Attention;
using TrackingFunctions.Infrastructure;

namespace TrackingFunctions.Tests.Attention;

public sealed class AlertOptionsTests
{
    private static AlertOptions Bind(Dictionary<string, string?> settings)
    {
        var values = new Dictionary<string, string?> { ["AttentionSchedule"] = "0 5 * * * *" };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddTrackingAttention(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<AlertOptions>>().Value;
    }

    [Fact]
    public void Defaults_are_valid_and_alerts_are_off()
    {
        var options = Bind([]);

        Assert.False(options.Enabled);
        Assert.Equal(5, options.NoCheckpointDays);
        Assert.Equal(3, options.PendingDays);
        Assert.Equal(1, options.EstimateGraceDays);
    }

    [Theory]
    [InlineData("Alerts:NoCheckpointDays", "0", "Alerts__NoCheckpointDays")]
    [InlineData("Alerts:PendingDays", "31", "Alerts__PendingDays")]
    [InlineData("Alerts:EstimateGraceDays", "-1", "Alerts__EstimateGraceDays")]
    [InlineData("Alerts:MaxTrackingsPerRun", "0", "Alerts__MaxTrackingsPerRun")]
    [InlineData("AttentionSchedule", "", "AttentionSchedule")]
    [InlineData("AttentionSchedule", "0 * * * *", "AttentionSchedule")]
    [InlineData("Alerts:Email", "not an address", "Alerts__Email")]
    [InlineData("Alerts:Email", "support@shop.example", "Notifications__Smtp__Host")]
    public void Out_of_range_settings_fail_validation_naming_the_setting(string key, string value, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [key] = value }));

        Assert.Contains(named, string.Join(" ", error.Failures), StringComparison.Ordinal);
    }
}
