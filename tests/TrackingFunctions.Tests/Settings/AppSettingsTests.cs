using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrackingFunctions.Settings;

namespace TrackingFunctions.Tests.Settings;

public sealed class AppSettingsTests
{
    public sealed class SampleOptions
    {
        [Range(1, 10)]
        public int Count { get; set; } = 1;

        [ValidateObjectMembers]
        public SampleSmtp Smtp { get; set; } = new();

        [ValidateEnumeratedItems]
        public IList<SampleRule> Rules { get; } = [];
    }

    public sealed class SampleSmtp
    {
        [Range(1, 65535)]
        public int Port { get; set; } = 587;
    }

    public sealed class SampleRule
    {
        [Required]
        public string Name { get; set; } = string.Empty;
    }

    private static OptionsValidationException Refused(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddAppSettings<SampleOptions>("Sample");
        using var provider = services.BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SampleOptions>>().Value);
    }

    [Theory]
    [InlineData("Sample:Count", "0", "The field Sample__Count must be between 1 and 10.")]
    [InlineData("Sample:Smtp:Port", "0", "The field Sample__Smtp__Port must be between 1 and 65535.")]
    [InlineData("Sample:Rules:0:Name", "", "The Sample__Rules__0__Name field is required.")]
    [InlineData("Sample:Smtp:Port", "smtp", "Sample__Smtp__Port is not a valid whole number. The field Sample__Smtp__Port must be between 1 and 65535.")]
    public void A_bad_value_is_named_as_an_app_setting_with_what_it_accepts(string key, string value, string message)
    {
        var error = Refused(new() { [key] = value, ["Sample:Rules:0:Name"] = key.EndsWith("Name", StringComparison.Ordinal) ? value : "ok" });

        Assert.Equal([message], error.Failures);
    }

    [Fact]
    public void The_value_of_a_setting_that_does_not_convert_is_not_repeated()
    {
        var error = Refused(new() { ["Sample:Count"] = "s3cr3t-pasted-here" });

        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Import:PageSize", "Import__PageSize")]
    [InlineData("AfterShip:RateLimits:CreateTracking", "AfterShip__RateLimits__CreateTracking")]
    [InlineData("Tables", "Tables")]
    public void Configuration_paths_become_app_setting_names(string path, string setting)
        => Assert.Equal(setting, AppSettingNames.FromPath(path));
}
