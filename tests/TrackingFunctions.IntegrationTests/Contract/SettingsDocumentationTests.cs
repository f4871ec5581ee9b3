using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using TrackingFunctions.Functions;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.Contract;

/// <summary>Every setting the app reads is in local.settings.sample.json and in the configuration table (docs/configuration.md).</summary>
public sealed class SettingsDocumentationTests
{
    private static readonly string[] FlatSettings = ["Tables", "CommandQueueName", "RefreshSchedule", "AzureWebJobsStorage", "Queues", "ChangeSweepSchedule", "ImportQueueName", "WebhookDeliveryQueueName", "CourierRefreshSchedule", "NotificationQueueName", "AttentionSchedule"];

    public static TheoryData<string> Settings()
    {
        var data = new TheoryData<string>();
        foreach (var setting in FlatSettings.Concat(OptionSettings()).Distinct())
        {
            data.Add(setting);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Setting_is_in_the_local_settings_sample(string setting)
    {
        var values = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "local.settings.sample.json")))!["Values"]!.AsObject();

        Assert.True(values.ContainsKey(setting), $"local.settings.sample.json lacks {setting}");
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Setting_is_in_the_configuration_table(string setting)
    {
        var table = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "configuration.md"));

        Assert.Contains("| `" + setting + "` |", table, StringComparison.Ordinal);
    }

    /// <summary>Every public settable property of every options class (a type with a SectionName constant).</summary>
    private static IEnumerable<string> OptionSettings()
    {
        var optionTypes = typeof(ReceiveAfterShipWebhook).Assembly.GetTypes()
            .Where(t => t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true });
        foreach (var type in optionTypes)
        {
            var section = (string)type.GetField("SectionName")!.GetValue(null)!;
            foreach (var key in Keys(type, section))
            {
                yield return key;
            }
        }
    }

    private static IEnumerable<string> Keys(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = prefix + "__" + property.Name;
            var propertyType = property.PropertyType;
            if (propertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                yield return key + "__0";
            }
            else if (propertyType.IsClass && propertyType != typeof(string) && propertyType != typeof(Uri))
            {
                foreach (var nested in Keys(propertyType, key))
                {
                    yield return nested;
                }
            }
            else if (property.CanWrite)
            {
                yield return key;
            }
        }
    }
}
