using System.Globalization;
using System.Text.RegularExpressions;
using Grpc.Core;

namespace TrackingFunctions.IntegrationTests.Contract;

/// <summary>
/// Every setting of the configuration table (docs/configuration.md) is checked when the worker starts: a bad value of
/// each, or the absence of each required one, stops the real worker's start with a message naming the setting as
/// users write it. A new row fails here until the app refuses its bad value.
/// </summary>
public sealed partial class SettingsValidationTests
{
    /// <summary>
    /// A bad value for each row whose default column does not suggest one (a number, a time span, true/false).
    /// Add a row's bad value here with the row; null means the setting accepts any value, and the comment says why.
    /// </summary>
    private static readonly Dictionary<string, string?> BadValues = new()
    {
        ["AfterShip__ApiKey"] = " ",
        ["AfterShip__BaseUrl"] = "ftp://api.aftership.com/tracking/2025-01/",
        ["Webhook__Secrets__0"] = " ",
        ["Webhook__Secrets__1"] = null, // any string is a secret; an empty one is ignored
        ["Tables"] = "garbage",
        ["Queues"] = "garbage",
        ["AzureWebJobsStorage"] = "garbage",
        ["Storage__TablePrefix"] = "1st",
        ["CommandQueueName"] = "Tracking_Commands",
        ["ImportQueueName"] = "import--queue",
        ["RefreshSchedule"] = "every 15 minutes",
        ["ChangeSweepSchedule"] = "0 */1 * * * * *",
        ["CourierRefreshSchedule"] = "daily",
        ["Telemetry__AzureSdkLogLevel"] = "Loud",
        ["ChangeEvents__QueueName"] = "Tracking-Changes",
        ["ChangeEvents__Source"] = "http://[not-a-host",
        ["TrackingPage__ShopName"] = new string('x', 81),
        ["TrackingPage__LogoUrl"] = "http://cdn.example.com/logo.png",
        ["TrackingPage__AccentColor"] = "#FFFF00",
        ["TrackingPage__SupportUrl"] = "javascript:alert(1)",
        ["OrderLookup__HashKey"] = "too-short-to-be-a-secret",
        ["WebhookDeliveryQueueName"] = "Webhook_Deliveries",
        ["NotificationQueueName"] = "notifications--queue",
        ["AttentionSchedule"] = "hourly",
        ["Alerts__Email"] = "not-an-address",
        ["TrackingPage__PublicBaseUrl"] = "ftp://shop.example.com/api",
        ["Notifications__From"] = "not-an-address",
        ["Notifications__Smtp__Host"] = null, // empty is allowed while emails are off; any host name otherwise
        ["Notifications__Smtp__UserName"] = null, // any string: the provider's user name
        ["Notifications__Smtp__Password"] = null, // any string: a secret
        ["Notifications__Smtp__Security"] = "Sometimes",
        ["Notifications__UnsubscribeKey"] = "short",
        ["Notifications__TemplatesPath"] = "/no/such/folder/for/templates",
        ["Notifications__Milestones"] = "InTransit,Teleported",
        ["Notifications__DefaultLanguage"] = "xx",
        ["Notifications__QuietHours__Start"] = "25:00",
        ["Notifications__QuietHours__End"] = "25:00",
        ["Notifications__QuietHours__TimeZone"] = "Mars/Olympus_Mons",
    };

    /// <summary>
    /// Settings checked only together with others (the sender, the unsubscribe key and the public URL once emails are
    /// on; the time zone once quiet hours are set): the context each one's bad value is tried in, otherwise valid.
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, string?>> Contexts = new()
    {
        ["Notifications__From"] = EmailsOn(),
        ["Notifications__UnsubscribeKey"] = EmailsOn(),
        ["TrackingPage__PublicBaseUrl"] = EmailsOn(),
        ["Notifications__QuietHours__TimeZone"] = new() { ["Notifications:QuietHours:Start"] = "21:00", ["Notifications:QuietHours:End"] = "07:00" },
    };

    private static Dictionary<string, string?> EmailsOn() => new()
    {
        ["Notifications:Enabled"] = "true",
        ["Notifications:Smtp:Host"] = "smtp.shop.example",
        ["Notifications:From"] = "noreply@shop.example",
        ["Notifications:UnsubscribeKey"] = new string('k', 40),
        ["TrackingPage:PublicBaseUrl"] = "https://track.shop.example/api",
    };

    public static TheoryData<string> Rows()
    {
        var data = new TheoryData<string>();
        foreach (var row in ConfigurationTable.Rows())
        {
            data.Add(row.Setting);
        }

        return data;
    }

    public static TheoryData<string> RequiredRows()
    {
        var data = new TheoryData<string>();
        foreach (var row in ConfigurationTable.Rows().Where(r => r.Required))
        {
            data.Add(row.Setting);
        }

        return data;
    }

    [Fact]
    public async Task The_sample_settings_pass_start_up_validation()
    {
        var error = await WorkerStart.FailureAsync(ConfigurationTable.SampleSettings());

        // Past validation the worker dials the (absent) Functions host: that is the only failure left.
        Assert.True(error is RpcException, WorkerStart.Messages(error));
    }

    [Fact]
    public void The_table_lists_the_settings_this_test_walks()
    {
        var rows = ConfigurationTable.Rows();

        Assert.Contains(rows, r => r.Setting == "AfterShip__RateLimits__CreateTracking");
        Assert.Contains(rows, r => r.Setting == "ChangeSweepSchedule" && r.Required);
        Assert.Empty(BadValues.Keys.Except(rows.Select(r => r.Setting)));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A_bad_value_stops_start_up_naming_the_setting(string setting)
    {
        var row = ConfigurationTable.Rows().Single(r => r.Setting == setting);
        if (!BadValues.TryGetValue(setting, out var bad))
        {
            bad = Inferred(row.DefaultValue)
                ?? throw new InvalidOperationException($"No bad value for {setting}: add one to {nameof(BadValues)} (and make the app refuse it at start).");
        }

        if (bad is null)
        {
            return; // declared above as accepting any value
        }

        var settings = ConfigurationTable.SampleSettings();
        foreach (var (key, value) in Contexts.GetValueOrDefault(setting) ?? [])
        {
            settings[key] = value;
        }

        settings[ConfigurationTable.ConfigurationKey(setting)] = bad;

        var error = await WorkerStart.FailureAsync(settings);

        var messages = WorkerStart.Messages(error);
        Assert.False(error is RpcException, $"{setting}={bad} passed start-up validation.");
        Assert.Contains(setting, messages, StringComparison.Ordinal);
        if (setting.Contains("__", StringComparison.Ordinal))
        {
            Assert.DoesNotContain(ConfigurationTable.ConfigurationKey(setting), messages, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(RequiredRows))]
    public async Task A_missing_required_setting_stops_start_up_naming_it(string setting)
    {
        var settings = ConfigurationTable.SampleSettings();
        Assert.True(settings.Remove(ConfigurationTable.ConfigurationKey(setting)), $"local.settings.sample.json lacks {setting}");

        var error = await WorkerStart.FailureAsync(settings);

        Assert.False(error is RpcException, $"The worker started without {setting}.");
        Assert.Contains(setting, WorkerStart.Messages(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AfterShip__RateLimits__CreateTracking", "0", "between 0.1 and 1000")]
    [InlineData("AfterShip__RateLimits__DetectCourier", "-5", "between 0.1 and 1000")]
    [InlineData("Import__PageSize", "abc", "whole number")]
    [InlineData("Import__PageSize", "abc", "between 1 and 200")]
    [InlineData("AfterShip__AttemptTimeout", "soon", "time span")]
    [InlineData("RateBudget__Enabled", "maybe", "true or false")]
    [InlineData("AfterShip__TotalTimeout", "00:00:05", "at least AfterShip__AttemptTimeout")]
    [InlineData("AfterShip__BaseUrl", "ftp://api.aftership.com/tracking/2025-01/", "http or https")]
    [InlineData("Tables", "garbage", "connection string")]
    [InlineData("RefreshSchedule", "*/15 * * *", "NCRONTAB")]
    public async Task The_message_says_what_the_setting_accepts(string setting, string value, string expected)
    {
        var settings = ConfigurationTable.SampleSettings();
        settings[ConfigurationTable.ConfigurationKey(setting)] = value;

        var messages = WorkerStart.Messages(await WorkerStart.FailureAsync(settings));

        Assert.Contains(setting, messages, StringComparison.Ordinal);
        Assert.Contains(expected, messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_string_is_never_echoed_in_the_message()
    {
        var settings = ConfigurationTable.SampleSettings();
        settings["Tables"] = "DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=c2VjcmV0LWtleQ==;TableEndpoint=not a url";

        var messages = WorkerStart.Messages(await WorkerStart.FailureAsync(settings));

        Assert.Contains("Tables", messages, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0LWtleQ==", messages, StringComparison.Ordinal);
    }

    /// <summary>A value out of any sensible range for a number or time span default, or not a boolean for a boolean one.</summary>
    private static string? Inferred(string? defaultValue) => defaultValue switch
    {
        "true" or "false" => "maybe",
        { } v when TimeSpanLike().IsMatch(v) => "-00:00:01",
        { } v when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => "-1",
        _ => null,
    };

    [GeneratedRegex(@"^\d+(\.\d+)?:\d\d:\d\d")]
    private static partial Regex TimeSpanLike();
}
