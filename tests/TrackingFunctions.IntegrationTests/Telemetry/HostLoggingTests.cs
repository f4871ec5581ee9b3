using System.Text.Json.Nodes;
using TrackingFunctions.Infrastructure;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.Telemetry;

/// <summary>The Functions host logs its own Azure SDK calls (queue polling, timer leases); host.json keeps them to warnings.</summary>
public sealed class HostLoggingTests
{
    public static TheoryData<string> Categories() => [.. TelemetryRegistration.AzureSdkCategories];

    [Theory]
    [MemberData(nameof(Categories))]
    public void Host_json_logs_the_Azure_SDK_category_at_warning(string category)
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "host.json")))!;

        Assert.Equal("Warning", host["logging"]!["logLevel"]![category]?.GetValue<string>());
    }
}
