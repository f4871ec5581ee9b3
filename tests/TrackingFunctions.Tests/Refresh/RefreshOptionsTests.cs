using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrackingFunctions.Infrastructure;
using TrackingFunctions.Refresh;

namespace TrackingFunctions.Tests.Refresh;

public sealed class RefreshOptionsTests
{
    private static RefreshOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddTrackingRefresh();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RefreshOptions>>().Value;
    }

    [Fact]
    public void Defaults_are_valid_and_fit_AfterShip_polling()
    {
        var options = Bind([]);

        Assert.Equal(50, options.BatchSize);
        Assert.Equal(TimeSpan.FromHours(2), options.BaseInterval);
        Assert.Equal(TimeSpan.FromHours(12), options.MaxInterval);
        Assert.Equal(TimeSpan.FromDays(120), options.Retention);
        Assert.True(options.TimeBudget < TimeSpan.FromMinutes(10));
    }

    [Theory]
    [InlineData("Refresh:BatchSize", "51")]
    [InlineData("Refresh:TimeBudget", "00:10:00")]
    [InlineData("Refresh:Jitter", "0.9")]
    [InlineData("Refresh:MaxInterval", "01:00:00")]
    [InlineData("Refresh:MaxConcurrency", "0")]
    public void Out_of_range_settings_fail_validation_with_their_name(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [key] = value }));

        Assert.Contains(key.Split(':')[1], string.Join(" ", error.Failures), StringComparison.Ordinal);
    }
}
