using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrackingFunctions.Infra.Tests;

/// <summary>
/// The <c>extraAppSettings</c> parameter: any other app setting, kept across provisions because it is part of the
/// deployment. Checked by evaluating the compiled site's <c>siteConfig.appSettings</c> for given parameter values.
/// </summary>
[Collection(CompiledTemplateDefinition.Name)]
public sealed class ExtraAppSettingsTests(CompiledTemplateFixture template)
{
    [Fact]
    public void Without_extra_settings_the_site_gets_exactly_the_template_settings()
    {
        var settings = Deployed(new JsonObject());

        Assert.Equal(template.BaseAppSettings.Keys.Order(StringComparer.Ordinal), settings.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_extra_setting_is_added_beside_every_template_setting()
    {
        var settings = Deployed(new JsonObject { ["Refresh__BaseInterval"] = "01:00:00", ["Notifications__Smtp__Host"] = "smtp.example.com" });

        Assert.Equal("01:00:00", settings["Refresh__BaseInterval"]);
        Assert.Equal("smtp.example.com", settings["Notifications__Smtp__Host"]);
        Assert.All(template.BaseAppSettings.Keys, name => Assert.True(settings.ContainsKey(name), $"{name} was dropped."));
    }

    [Fact]
    public void An_extra_setting_overrides_the_template_value_of_the_same_name_once()
    {
        var list = DeployedList(new JsonObject { ["RateBudget__Enabled"] = "false" }, rotation: false);

        Assert.Equal(["false"], list.Where(s => s.Name == "RateBudget__Enabled").Select(s => s.Value));
    }

    [Fact]
    public void Numbers_and_booleans_are_written_as_text()
    {
        var settings = Deployed(new JsonObject { ["Refresh__MaxConcurrency"] = 4, ["ChangeEvents__IncludePersonalData"] = true });

        Assert.Equal("4", settings["Refresh__MaxConcurrency"]);
        Assert.Equal("True", settings["ChangeEvents__IncludePersonalData"]);
    }

    [Fact]
    public void The_rotation_secret_stays_beside_extra_settings()
    {
        var settings = DeployedList(new JsonObject { ["Refresh__Jitter"] = "0.2" }, rotation: true).ToDictionary(s => s.Name, s => s.Value);

        Assert.Contains("Webhook__Secrets__1", settings.Keys);
        Assert.Equal("0.2", settings["Refresh__Jitter"]);
    }

    [Fact]
    public void Main_passes_the_parameter_from_the_azd_environment_to_the_site()
    {
        var parameter = template.Main.Parameter("extraAppSettings");
        Assert.Equal("object", parameter.GetProperty("type").GetString());
        Assert.Equal("{}", parameter.GetProperty("defaultValue").GetRawText());
        Assert.Equal(
            "[parameters('extraAppSettings')]",
            template.FunctionApp.Template.Deployment!.Value.GetProperty("properties").GetProperty("parameters").GetProperty("extraAppSettings").GetProperty("value").GetString());

        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(template.RepositoryRoot, "infra", "main.parameters.json")));
        Assert.Equal("${APP_SETTINGS}", file.RootElement.GetProperty("parameters").GetProperty("extraAppSettings").GetProperty("value").GetString());
    }

    private Dictionary<string, string?> Deployed(JsonObject extra) => DeployedList(extra, rotation: false).ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);

    private List<(string Name, string? Value)> DeployedList(JsonObject extra, bool rotation)
    {
        var site = template.FunctionApp;
        var expressions = new ArmExpressions(site.Template.Root, new Dictionary<string, JsonNode?>
        {
            ["extraAppSettings"] = extra,
            ["usePreviousWebhookSecret"] = rotation,
        });
        var evaluated = expressions.Evaluate(JsonNode.Parse(site.Get("properties.siteConfig.appSettings")!.Value.GetRawText()))!.AsArray();
        var list = evaluated.Select(s => (s!["name"]!.GetValue<string>(), s["value"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null)).ToList();
        Assert.Equal(list.Count, list.Select(s => s.Item1).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        return list;
    }
}
