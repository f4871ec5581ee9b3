using System.Text.Json;

namespace TrackingFunctions.Infra.Tests;

[Collection(CompiledTemplateDefinition.Name)]
public sealed class FunctionAppTests(CompiledTemplateFixture template)
{
    [Fact]
    public void Build_MainBicep_ReportsNoWarningsOrErrors()
    {
        Assert.DoesNotContain("Warning", template.BuildOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Error", template.BuildOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionApp_Site_IsHttpsOnly()
    {
        Assert.Equal(JsonValueKind.True, template.FunctionApp.Get("properties.httpsOnly")?.ValueKind);
    }

    [Fact]
    public void FunctionApp_SiteConfig_RequiresTls12()
    {
        Assert.Equal("1.2", template.FunctionApp.Text("properties.siteConfig.minTlsVersion"));
        Assert.Equal("1.2", template.FunctionApp.Text("properties.siteConfig.scmMinTlsVersion"));
    }

    [Fact]
    public void FunctionApp_Runtime_IsDotnetIsolated10()
    {
        Assert.Equal("dotnet-isolated", template.FunctionApp.Text("properties.functionAppConfig.runtime.name"));
        Assert.Equal("10.0", template.FunctionApp.Text("properties.functionAppConfig.runtime.version"));
        Assert.Equal("functionapp,linux", template.FunctionApp.Text("kind"));
    }

    [Fact]
    public void FunctionApp_Plan_IsFlexConsumptionOnLinux()
    {
        var plan = template.Main.SingleOfType("Microsoft.Web/serverfarms");

        Assert.Equal("FlexConsumption", plan.Text("sku.tier"));
        Assert.Equal("FC1", plan.Text("sku.name"));
        Assert.Equal(JsonValueKind.True, plan.Get("properties.reserved")?.ValueKind);
        Assert.Contains("Microsoft.Web/serverfarms", template.FunctionApp.Text("properties.serverFarmId"), StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionApp_Identity_IsOnlyTheUserAssignedIdentity()
    {
        var site = template.FunctionApp;
        Assert.Equal("UserAssigned", site.Text("identity.type"));

        var identities = site.Get("identity.userAssignedIdentities")!.Value.EnumerateObject().ToList();
        var only = Assert.Single(identities);
        Assert.Contains("parameters('identityId')", only.Name, StringComparison.Ordinal);
        AssertIsIdentityResourceId(site.Template.ResolveText("[parameters('identityId')]"));

        AssertIsIdentityResourceId(site.Text("properties.keyVaultReferenceIdentity"));
    }

    [Fact]
    public void FunctionApp_DeploymentStorage_UsesTheIdentityAndTheBlobContainer()
    {
        var site = template.FunctionApp;

        Assert.Equal("blobContainer", site.Text("properties.functionAppConfig.deployment.storage.type"));
        Assert.Equal("UserAssignedIdentity", site.Text("properties.functionAppConfig.deployment.storage.authentication.type"));
        AssertIsIdentityResourceId(site.Text("properties.functionAppConfig.deployment.storage.authentication.userAssignedIdentityResourceId"));
        Assert.Null(site.Get("properties.functionAppConfig.deployment.storage.authentication.storageAccountConnectionStringName"));

        var container = template.Main.SingleOfType("Microsoft.Storage/storageAccounts/blobServices/containers");
        var containerName = container.Template.ResolveText("[parameters('deploymentContainerName')]");
        Assert.Equal(containerName, site.Template.ResolveText("[parameters('deploymentContainerName')]"));
        Assert.Contains("parameters('deploymentContainerName')", site.Text("properties.functionAppConfig.deployment.storage.value"), StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionApp_AzdServiceTag_MatchesTheAzureYamlService()
    {
        var tags = template.FunctionApp.Text("tags");
        Assert.Contains("'azd-service-name', parameters('serviceName')", tags, StringComparison.Ordinal);

        var serviceName = template.FunctionApp.Template.ResolveText("[parameters('serviceName')]");
        var azureYaml = File.ReadAllLines(Path.Combine(template.RepositoryRoot, "azure.yaml"));
        var services = azureYaml.SkipWhile(l => !l.StartsWith("services:", StringComparison.Ordinal)).Skip(1)
            .Where(l => l.StartsWith("  ", StringComparison.Ordinal) && !l.StartsWith("   ", StringComparison.Ordinal) && !l.TrimStart().StartsWith('#'))
            .Select(l => l.Trim().TrimEnd(':'))
            .ToList();

        Assert.Equal([serviceName], services);
        Assert.Contains(azureYaml, l => l.Trim() == "project: src/TrackingFunctions");
        Assert.Contains(azureYaml, l => l.Trim() == "language: dotnet");
        Assert.Contains(azureYaml, l => l.Trim() == "host: function");
        Assert.True(
            File.Exists(Path.Combine(template.RepositoryRoot, "src", "TrackingFunctions", "TrackingFunctions.csproj")),
            "azure.yaml points at src/TrackingFunctions, which must hold the Functions project.");
    }

    internal static void AssertIsIdentityResourceId(string? value)
    {
        Assert.NotNull(value);
        Assert.StartsWith("[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities'", value, StringComparison.Ordinal);
    }
}
