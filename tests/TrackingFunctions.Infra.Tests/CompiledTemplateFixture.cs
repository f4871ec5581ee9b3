using System.Text.Json;

namespace TrackingFunctions.Infra.Tests;

/// <summary>Compiles infra/main.bicep once per test run with the Bicep CLI from NuGet.</summary>
public sealed class CompiledTemplateFixture : IDisposable
{
    private readonly JsonDocument document;
    private readonly string outputDirectory;

    public CompiledTemplateFixture()
    {
        RepositoryRoot = BicepCli.RepositoryRoot;
        var bicep = BicepCli.Locate();

        outputDirectory = Path.Combine(Path.GetTempPath(), "trackingfunctions-infra-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outputDirectory);
        var outputFile = Path.Combine(outputDirectory, "main.json");

        var (exitCode, output) = BicepCli.Run(
            bicep, "build", Path.Combine(RepositoryRoot, "infra", "main.bicep"), "--outfile", outputFile);
        BuildOutput = output;
        if (exitCode != 0 || !File.Exists(outputFile))
        {
            throw new InvalidOperationException($"bicep build infra/main.bicep failed with exit code {exitCode}:\n{output}");
        }

        document = JsonDocument.Parse(File.ReadAllText(outputFile));
        Main = ArmTemplate.Parse(document.RootElement);
    }

    public string RepositoryRoot { get; }

    /// <summary>Everything the CLI printed while building (empty when clean).</summary>
    public string BuildOutput { get; }

    public ArmTemplate Main { get; }

    public ArmResource FunctionApp => Main.SingleOfType("Microsoft.Web/sites");

    public ArmResource StorageAccount => Main.SingleOfType("Microsoft.Storage/storageAccounts");

    public ArmResource KeyVault => Main.SingleOfType("Microsoft.KeyVault/vaults");

    public ArmResource Identity => Main.SingleOfType("Microsoft.ManagedIdentity/userAssignedIdentities");

    /// <summary>
    /// The Function App's app settings by name: the literal base list plus the optional rotation
    /// setting (which sits in a conditional expression and is checked separately).
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> BaseAppSettings
    {
        get
        {
            var site = FunctionApp;
            var settings = site.Template.Variable("baseAppSettings");
            Assert.Equal(JsonValueKind.Array, settings.ValueKind);
            return settings.EnumerateArray().ToDictionary(
                s => s.GetProperty("name").GetString()!,
                s => s.GetProperty("value"),
                StringComparer.Ordinal);
        }
    }

    /// <summary>The conditional expression that adds Webhook__Secrets__1 during a rotation.</summary>
    public string RotationAppSettings => FunctionApp.Template.Variable("rotationAppSettings").GetString() ?? string.Empty;

    /// <summary>The value of an app setting followed up to the main template, as text.</summary>
    public string AppSettingText(string name) => FunctionApp.Template.ResolveText(BaseAppSettings[name]);

    public void Dispose()
    {
        document.Dispose();
        try
        {
            Directory.Delete(outputDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class CompiledTemplateDefinition : ICollectionFixture<CompiledTemplateFixture>
{
    public const string Name = "Compiled main.bicep";
}
