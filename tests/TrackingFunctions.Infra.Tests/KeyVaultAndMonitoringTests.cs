using System.Text.Json;

namespace TrackingFunctions.Infra.Tests;

[Collection(CompiledTemplateDefinition.Name)]
public sealed class KeyVaultAndMonitoringTests(CompiledTemplateFixture template)
{
    [Fact]
    public void KeyVault_Properties_UseRbacSoftDeleteAndPublicNetwork()
    {
        var vault = template.KeyVault;

        Assert.Equal(JsonValueKind.True, vault.Get("properties.enableRbacAuthorization")?.ValueKind);
        Assert.Equal(JsonValueKind.True, vault.Get("properties.enableSoftDelete")?.ValueKind);
        Assert.Equal("Enabled", vault.Text("properties.publicNetworkAccess"));
        Assert.Equal("Allow", vault.Text("properties.networkAcls.defaultAction"));
        Assert.Null(vault.Get("properties.accessPolicies"));
    }

    [Theory]
    [InlineData("AfterShipApiKey", "afterShipApiKey", null)]
    [InlineData("AfterShipWebhookSecret", "webhookSecret", null)]
    [InlineData("AfterShipWebhookSecretPrevious", "webhookSecretPrevious", "[not(empty(parameters('webhookSecretPrevious')))]")]
    public void KeyVault_Secrets_HoldTheSecureParameters(string secretName, string parameter, string? condition)
    {
        var secret = Assert.Single(
            template.Main.OfType("Microsoft.KeyVault/vaults/secrets"),
            s => s.RawName.EndsWith($"'{secretName}')]", StringComparison.Ordinal));

        Assert.Equal(condition, secret.Condition);
        Assert.Equal($"[parameters('{parameter}')]", secret.Text("properties.value"));
        Assert.Equal("securestring", secret.Template.Parameter(parameter).GetProperty("type").GetString());
        Assert.Equal("securestring", template.Main.Parameter(parameter).GetProperty("type").GetString());
        Assert.False(
            template.Main.Parameter(parameter).TryGetProperty("defaultValue", out var defaultValue) && defaultValue.GetString()!.Length > 0,
            "Secure parameters must not carry a default value.");
    }

    [Fact]
    public void ApplicationInsights_Component_RequiresEntraIdAndUsesTheWorkspace()
    {
        var component = template.Main.SingleOfType("Microsoft.Insights/components");

        Assert.Equal(JsonValueKind.True, component.Get("properties.DisableLocalAuth")?.ValueKind);
        Assert.Contains("Microsoft.OperationalInsights/workspaces", component.Text("properties.WorkspaceResourceId"), StringComparison.Ordinal);
        Assert.Single(template.Main.OfType("Microsoft.OperationalInsights/workspaces"));
    }

    [Fact]
    public void Alerts_FunctionFailures_FireOnFailedRequests()
    {
        var alert = Assert.Single(template.Main.OfType("Microsoft.Insights/metricAlerts"), a => a.RawName.Contains("-function-failures", StringComparison.Ordinal));
        var criterion = alert.Get("properties.criteria.allOf")!.Value[0];

        Assert.Equal("requests/failed", criterion.GetProperty("metricName").GetString());
        Assert.Equal("GreaterThan", criterion.GetProperty("operator").GetString());
        Assert.Equal(0, criterion.GetProperty("threshold").GetInt32());
        Assert.Contains("Microsoft.Insights/components", alert.Text("properties.scopes"), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.True, alert.Get("properties.enabled")?.ValueKind);
    }

    [Fact]
    public void Alerts_ActionGroup_ExistsOnlyWithAnEmail()
    {
        var group = template.Main.SingleOfType("Microsoft.Insights/actionGroups");

        Assert.Equal("[not(empty(parameters('alertEmail')))]", group.Condition);
        Assert.Equal(string.Empty, template.Main.Parameter("alertEmail").GetProperty("defaultValue").GetString());
    }
}
