using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TrackingFunctions.IntegrationTests.Harness;

namespace TrackingFunctions.IntegrationTests.Contract;

/// <summary>One row of the settings table in docs/configuration.md: <c>| `Section__Key` | default | meaning |</c>.</summary>
internal sealed record SettingRow(string Setting, string Default)
{
    /// <summary>The row's default column says <c>**required**</c>: the app must not start without it.</summary>
    public bool Required => Default.StartsWith("**required**", StringComparison.Ordinal);

    /// <summary>The first <c>`value`</c> of the default column, if any.</summary>
    public string? DefaultValue => Regex.Match(Default, "`([^`]*)`") is { Success: true } m ? m.Groups[1].Value : null;
}

/// <summary>The settings users are told about (docs/configuration.md) and the working local values (local.settings.sample.json).</summary>
internal static partial class ConfigurationTable
{
    public static IReadOnlyList<SettingRow> Rows()
        => File.ReadAllLines(Path.Combine(RepositoryRoot.Find(), "docs", "configuration.md"))
            .Select(line => Row().Match(line))
            .Where(m => m.Success)
            .Select(m => new SettingRow(m.Groups["setting"].Value, m.Groups["default"].Value.Trim()))
            .ToList();

    /// <summary>The sample's values as configuration keys (<c>Import:PageSize</c>), without the host-only worker runtime.</summary>
    public static Dictionary<string, string?> SampleSettings()
    {
        var values = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "local.settings.sample.json")))!["Values"]!.AsObject();
        return values
            .Where(kv => kv.Key != "FUNCTIONS_WORKER_RUNTIME")
            .ToDictionary(kv => ConfigurationKey(kv.Key), kv => (string?)kv.Value!.GetValue<string>());
    }

    /// <summary>An app-setting name as a configuration key: <c>Import__PageSize</c> → <c>Import:PageSize</c>.</summary>
    public static string ConfigurationKey(string setting) => setting.Replace("__", ":", StringComparison.Ordinal);

    [GeneratedRegex(@"^\|\s*`(?<setting>[A-Za-z][A-Za-z0-9_]*)`\s*\|(?<default>[^|]*)\|")]
    private static partial Regex Row();
}
