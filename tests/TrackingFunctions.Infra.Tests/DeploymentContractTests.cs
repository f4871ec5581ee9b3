using System.Text.Json;
using System.Text.RegularExpressions;

namespace TrackingFunctions.Infra.Tests;

/// <summary>What azd and the README rely on: outputs, main.parameters.json, no registry modules.</summary>
[Collection(CompiledTemplateDefinition.Name)]
public sealed partial class DeploymentContractTests(CompiledTemplateFixture template)
{
    [Theory]
    [InlineData("AZURE_FUNCTION_APP_NAME")]
    [InlineData("WEBHOOK_URL")]
    [InlineData("STORAGE_ACCOUNT_NAME")]
    [InlineData("KEY_VAULT_NAME")]
    [InlineData("APPLICATION_INSIGHTS_NAME")]
    [InlineData("POISON_QUEUE_NAME")]
    [InlineData("AZURE_RESOURCE_GROUP")]
    public void Outputs_ForAzd_AreDeclared(string name)
    {
        Assert.True(template.Main.Root.GetProperty("outputs").TryGetProperty(name, out _), $"Output '{name}' is missing.");
    }

    [Fact]
    public void Outputs_Names_AreUpperSnakeCase()
    {
        Assert.All(
            template.Main.Root.GetProperty("outputs").EnumerateObject(),
            o => Assert.Matches("^[A-Z][A-Z0-9_]*$", o.Name));
    }

    [Fact]
    public void Outputs_WebhookUrl_IsTheHttpsAfterShipRoute()
    {
        var value = template.Main.Root.GetProperty("outputs").GetProperty("WEBHOOK_URL").GetProperty("value").GetString();

        Assert.Equal(
            "[format('https://{0}/api/webhooks/aftership', reference(resourceId('Microsoft.Resources/deployments', 'functionapp'), '2025-04-01').outputs.defaultHostName.value)]",
            value);
    }

    [Fact]
    public void Outputs_Values_CarryNoSecrets()
    {
        foreach (var output in template.Main.Root.GetProperty("outputs").EnumerateObject())
        {
            var text = output.Value.GetRawText();
            Assert.DoesNotContain("afterShipApiKey", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("webhookSecret", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("ConnectionString", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void MainTemplate_Scope_IsTheResourceGroup()
    {
        Assert.Contains("deploymentTemplate.json", template.Main.Root.GetProperty("$schema").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("subscriptionDeploymentTemplate", template.Main.Root.GetProperty("$schema").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ParametersFile_Parameters_AllExistInTheTemplate()
    {
        using var parameters = ReadParametersFile();
        var declared = template.Main.Root.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(parameters.RootElement.GetProperty("parameters").EnumerateObject(), p => Assert.Contains(p.Name, declared));
    }

    [Fact]
    public void ParametersFile_RequiredParameters_AreAllProvided()
    {
        using var parameters = ReadParametersFile();
        var provided = parameters.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var required = template.Main.Root.GetProperty("parameters").EnumerateObject()
            .Where(p => !p.Value.TryGetProperty("defaultValue", out _))
            .Select(p => p.Name)
            .ToList();

        Assert.Equal(["environmentName", "afterShipApiKey", "webhookSecret"], required);
        Assert.All(required, name => Assert.Contains(name, provided));
    }

    [Fact]
    public void ParametersFile_MapsEveryParameterButTheDeploymentShape()
    {
        using var parameters = ReadParametersFile();
        var provided = parameters.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        string[] unmapped = ["principalType", "instanceMemoryMB", "maximumInstanceCount", "keyVaultPurgeProtection"];

        var missing = template.Main.Root.GetProperty("parameters").EnumerateObject()
            .Select(p => p.Name)
            .Where(name => !provided.Contains(name) && !unmapped.Contains(name))
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void ParametersFile_Values_ComeFromAzdEnvironmentVariables()
    {
        using var parameters = ReadParametersFile();

        Assert.All(
            parameters.RootElement.GetProperty("parameters").EnumerateObject(),
            p => Assert.Matches(EnvironmentReference(), p.Value.GetProperty("value").GetString()));
    }

    [Fact]
    public void BicepFiles_Modules_AreLocalFilesOnly()
    {
        var files = Directory.GetFiles(Path.Combine(template.RepositoryRoot, "infra"), "*.bicep", SearchOption.AllDirectories);

        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.DoesNotMatch(RegistryModule(), File.ReadAllText(f)));
    }

    private JsonDocument ReadParametersFile() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(template.RepositoryRoot, "infra", "main.parameters.json")));

    [GeneratedRegex(@"^\$\{[A-Z][A-Z0-9_]*\}$")]
    private static partial Regex EnvironmentReference();

    [GeneratedRegex(@"'(br|ts)[:/]")]
    private static partial Regex RegistryModule();
}
