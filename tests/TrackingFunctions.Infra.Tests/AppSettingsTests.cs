using System.Text.RegularExpressions;

namespace TrackingFunctions.Infra.Tests;

[Collection(CompiledTemplateDefinition.Name)]
public sealed partial class AppSettingsTests(CompiledTemplateFixture template)
{
    /// <summary>Every setting the app and the Functions host read in Azure.</summary>
    public static TheoryData<string> RequiredSettings =>
    [
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "AZURE_CLIENT_ID",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "Tables__endpoint",
        "Tables__credential",
        "Tables__clientId",
        "AfterShip__ApiKey",
        "AfterShip__BaseUrl",
        "Webhook__Secrets__0",
        "CommandQueueName",
        "RefreshSchedule",
        "ImportQueueName",
        "RateBudget__Enabled",
        "Queues__serviceUri",
        "Queues__credential",
        "Queues__clientId",
        "ChangeEvents__QueueName",
        "ChangeSweepSchedule",
        "ChangeEvents__Source",
        "ChangeEvents__IncludePersonalData",
        "TrackingPage__AccentColor",
        "TrackingPage__CacheSeconds",
        "WebhookDeliveryQueueName",
        "CourierRefreshSchedule",
        "NotificationQueueName",
        "TrackingPage__PublicBaseUrl",
        "AttentionSchedule",
        "Alerts__Enabled",
    ];

    /// <summary>Settings Flex Consumption rejects or ignores.</summary>
    public static TheoryData<string> FlexRejectedSettings =>
    [
        "FUNCTIONS_WORKER_RUNTIME",
        "FUNCTIONS_EXTENSION_VERSION",
        "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTSHARE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "WEBSITE_NODE_DEFAULT_VERSION",
        "SCM_DO_BUILD_DURING_DEPLOYMENT",
        "ENABLE_ORYX_BUILD",
        "WEBSITE_TIME_ZONE",
        "TZ",
        "AzureWebJobsStorage",
    ];

    [Theory]
    [MemberData(nameof(RequiredSettings))]
    public void AppSettings_RequiredByTheApp_AreSet(string name)
    {
        Assert.True(template.BaseAppSettings.ContainsKey(name), $"App setting '{name}' is missing.");
        Assert.False(string.IsNullOrWhiteSpace(template.AppSettingText(name)), $"App setting '{name}' is empty.");
    }

    [Fact]
    public void AppSettings_Names_AreUnique()
    {
        var names = template.FunctionApp.Template.Variable("baseAppSettings").EnumerateArray()
            .Select(s => s.GetProperty("name").GetString()).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Theory]
    [MemberData(nameof(FlexRejectedSettings))]
    public void AppSettings_RejectedOnFlexConsumption_AreNotSet(string name)
    {
        Assert.DoesNotContain(name, template.BaseAppSettings.Keys, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain($"'{name}'", template.RotationAppSettings, StringComparison.OrdinalIgnoreCase);
        Assert.Null(template.FunctionApp.Get("properties.siteConfig.linuxFxVersion"));
        Assert.Null(template.FunctionApp.Get("properties.siteConfig.netFrameworkVersion"));
    }

    [Fact]
    public void AppSettings_Values_ContainNoStorageKeysOrConnectionStrings()
    {
        string[] forbidden = ["AccountKey", "listKeys", "DefaultEndpointsProtocol", "SharedAccessSignature", "SharedAccessKey", "sig="];
        var values = template.BaseAppSettings.Keys.Select(template.AppSettingText).Append(template.RotationAppSettings);

        foreach (var value in values)
        {
            foreach (var token in forbidden)
            {
                Assert.DoesNotContain(token, value, StringComparison.OrdinalIgnoreCase);
            }
        }

        var connectionStrings = template.BaseAppSettings.Keys
            .Where(n => n.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase) || n.Contains("CONNECTION_STRING", StringComparison.Ordinal));
        Assert.Equal(["APPLICATIONINSIGHTS_CONNECTION_STRING"], connectionStrings);
    }

    [Fact]
    public void Templates_Anywhere_NeverListStorageKeys()
    {
        var json = template.Main.Root.GetRawText();

        Assert.DoesNotContain("listKeys", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listAccountSas", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey=", json, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__credential")]
    [InlineData("Tables__credential")]
    [InlineData("Queues__credential")]
    public void AppSettings_Credentials_AreManagedIdentity(string name)
    {
        Assert.Equal("managedidentity", template.AppSettingText(name));
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__clientId")]
    [InlineData("Tables__clientId")]
    [InlineData("Queues__clientId")]
    [InlineData("AZURE_CLIENT_ID")]
    public void AppSettings_ClientIds_AreTheUserAssignedIdentityClientId(string name)
    {
        AssertIsIdentityClientId(template.AppSettingText(name));
    }

    [Fact]
    public void AppSettings_ApplicationInsightsAuthentication_UsesEntraIdWithTheIdentity()
    {
        var value = template.AppSettingText("APPLICATIONINSIGHTS_AUTHENTICATION_STRING");

        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]", value);
        AssertIsIdentityClientId(template.FunctionApp.Template.ResolveText("[parameters('identityClientId')]"));
        Assert.Contains(
            ".outputs.applicationInsightsConnectionString.value",
            template.AppSettingText("APPLICATIONINSIGHTS_CONNECTION_STRING"),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__blobServiceUri", "blobEndpoint")]
    [InlineData("AzureWebJobsStorage__queueServiceUri", "queueEndpoint")]
    [InlineData("AzureWebJobsStorage__tableServiceUri", "tableEndpoint")]
    [InlineData("Tables__endpoint", "tableEndpoint")]
    [InlineData("Queues__serviceUri", "queueEndpoint")]
    public void AppSettings_ServiceUris_AreTheStorageAccountEndpoints(string name, string storageOutput)
    {
        Assert.Equal(
            $"[reference(resourceId('Microsoft.Resources/deployments', 'storage'), '2025-04-01').outputs.{storageOutput}.value]",
            template.AppSettingText(name));

        var storage = template.Main.Module("storage");
        var endpoint = storageOutput.Replace("Endpoint", string.Empty, StringComparison.Ordinal);
        Assert.Contains(
            $".primaryEndpoints.{endpoint}",
            storage.Root.GetProperty("outputs").GetProperty(storageOutput).GetProperty("value").GetString(),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AfterShip__ApiKey", "AfterShipApiKey")]
    [InlineData("Webhook__Secrets__0", "AfterShipWebhookSecret")]
    public void AppSettings_Secrets_AreKeyVaultReferences(string name, string secretName)
    {
        var value = template.AppSettingText(name);

        Assert.Equal(
            $"[format('@Microsoft.KeyVault(VaultName={{0}};SecretName={secretName})', parameters('keyVaultName'))]",
            value);
        Assert.Contains(".outputs.name.value", template.FunctionApp.Template.ResolveText("[parameters('keyVaultName')]"), StringComparison.Ordinal);
        Assert.Contains("'keyvault'", template.FunctionApp.Template.ResolveText("[parameters('keyVaultName')]"), StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_Values_NeverCarrySecretParameters()
    {
        var secureParameters = template.Main.Root.GetProperty("parameters").EnumerateObject()
            .Where(p => p.Value.GetProperty("type").GetString() == "securestring")
            .Select(p => p.Name)
            .ToList();
        Assert.Equal(["afterShipApiKey", "webhookSecret", "webhookSecretPrevious", "emailEntraClientSecret", "notificationsUnsubscribeKey"], secureParameters);

        var functionAppDeployment = template.FunctionApp.Template.Deployment!.Value.GetRawText();
        var values = template.BaseAppSettings.Keys.Select(template.AppSettingText).Append(template.RotationAppSettings);
        foreach (var parameter in secureParameters)
        {
            Assert.DoesNotContain($"parameters('{parameter}')]", functionAppDeployment, StringComparison.Ordinal);
            Assert.All(values, v => Assert.DoesNotContain($"parameters('{parameter}')", v, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void AppSettings_PreviousWebhookSecret_IsReferencedOnlyWhenAPreviousSecretIsGiven()
    {
        Assert.DoesNotContain("Webhook__Secrets__1", template.BaseAppSettings.Keys);
        Assert.Equal(
            "[if(parameters('usePreviousWebhookSecret'), createArray(createObject('name', 'Webhook__Secrets__1', 'value', " +
            "format('@Microsoft.KeyVault(VaultName={0};SecretName=AfterShipWebhookSecretPrevious)', parameters('keyVaultName')))), createArray())]",
            template.RotationAppSettings);
        Assert.Equal(
            "[not(empty(parameters('webhookSecretPrevious')))]",
            template.FunctionApp.Template.ResolveText("[parameters('usePreviousWebhookSecret')]"));
        Assert.Contains(
            "concat(variables('baseAppSettings'), variables('rotationAppSettings'), variables('emailAppSettings'))",
            template.FunctionApp.Text("properties.siteConfig.appSettings"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_KeyVaultReferences_NameSecretsTheVaultHolds()
    {
        var referenced = SecretNameReference().Matches(
                string.Join('\n', template.BaseAppSettings.Keys.Select(template.AppSettingText).Append(template.RotationAppSettings)
                    .Append(template.FunctionApp.Template.Variable("emailAppSettings").GetString())))
            .Select(m => m.Groups[1].Value)
            .Order(StringComparer.Ordinal)
            .ToList();

        var stored = template.Main.OfType("Microsoft.KeyVault/vaults/secrets")
            .Select(s => SecretResourceName().Match(s.RawName).Groups[1].Value)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(["AfterShipApiKey", "AfterShipWebhookSecret", "AfterShipWebhookSecretPrevious", "NotificationsSmtpPassword", "NotificationsUnsubscribeKey"], referenced);
        Assert.Equal(referenced, stored);
    }

    [Theory]
    [InlineData("CommandQueueName", "commandQueueName", "tracking-commands")]
    [InlineData("RefreshSchedule", "refreshSchedule", "0 */15 * * * *")]
    [InlineData("ChangeSweepSchedule", "changeSweepSchedule", "0 */1 * * * *")]
    [InlineData("CourierRefreshSchedule", "courierRefreshSchedule", "0 0 3 * * *")]
    [InlineData("AttentionSchedule", "attentionSchedule", "0 5 * * * *")]
    [InlineData("AfterShip__BaseUrl", "afterShipBaseUrl", "https://api.aftership.com/tracking/2025-01/")]
    [InlineData("ImportQueueName", "importQueueName", "tracking-import")]
    [InlineData("TrackingPage__ShopName", "shopName", "")]
    [InlineData("TrackingPage__LogoUrl", "logoUrl", "")]
    [InlineData("TrackingPage__AccentColor", "accentColor", "#1F5FAD")]
    [InlineData("TrackingPage__SupportUrl", "supportUrl", "")]
    public void AppSettings_Options_ComeFromParametersWithTheAppDefaults(string name, string parameter, string defaultValue)
    {
        Assert.Equal($"[parameters('{parameter}')]", template.AppSettingText(name));
        Assert.Equal(defaultValue, template.Main.Parameter(parameter).GetProperty("defaultValue").GetString());
    }

    [Theory]
    [InlineData("", "urn:trackingfunctions:func-shop-")]
    [InlineData("urn:shop:prod", "urn:shop:prod")]
    public void AppSettings_ChangeEventSource_DefaultsToOneDerivedFromTheAppName(string parameter, string expectedStart)
    {
        Assert.Equal("[parameters('changeEventSource')]", template.BaseAppSettings["ChangeEvents__Source"].GetString());
        var expressions = new ArmExpressions(template.Main.Root, new Dictionary<string, System.Text.Json.Nodes.JsonNode?>
        {
            ["environmentName"] = "shop",
            ["changeEventSource"] = parameter,
        });

        var source = expressions.Variable("effectiveChangeEventSource")!.GetValue<string>();

        Assert.StartsWith(expectedStart, source, StringComparison.Ordinal);
        Assert.Equal(
            "[variables('effectiveChangeEventSource')]",
            template.FunctionApp.Template.Deployment!.Value.GetProperty("properties").GetProperty("parameters").GetProperty("changeEventSource").GetProperty("value").GetString());
    }

    [Theory]
    [InlineData("ChangeEvents__IncludePersonalData", "[string(parameters('changeEventsIncludePersonalData'))]", "changeEventsIncludePersonalData")]
    [InlineData("TrackingPage__CacheSeconds", "[string(parameters('trackingPageCacheSeconds'))]", "trackingPageCacheSeconds")]
    public void AppSettings_TypedOptions_ComeFromTypedParameters(string name, string expression, string parameter)
    {
        Assert.Equal(expression, template.AppSettingText(name));
        Assert.True(template.Main.Root.GetProperty("parameters").TryGetProperty(parameter, out _), $"main.bicep lacks {parameter}.");
    }

    [Fact]
    public void AppSettings_PrivateWebhookTargets_StayRefusedInAzure()
    {
        Assert.False(template.BaseAppSettings.ContainsKey("Subscriptions__AllowPrivateTargets"), "Subscriptions__AllowPrivateTargets must keep its default (false) in Azure.");
    }

    [Fact]
    public void AppSettings_RateBudget_IsSharedByEveryInstanceOfTheScaledOutApp()
    {
        Assert.Equal("true", template.AppSettingText("RateBudget__Enabled"));
    }

    [Fact]
    public void AppSettings_RefreshScheduleDefault_IsASixFieldNcrontab()
    {
        var schedule = template.Main.Parameter("refreshSchedule").GetProperty("defaultValue").GetString()!;

        Assert.Equal(6, schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    internal static void AssertIsIdentityClientId(string value)
    {
        Assert.StartsWith("[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities'", value, StringComparison.Ordinal);
        Assert.EndsWith(".clientId]", value, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"SecretName=([A-Za-z0-9-]+)\)")]
    private static partial Regex SecretNameReference();

    [GeneratedRegex(@"'([A-Za-z0-9-]+)'\)\]$")]
    private static partial Regex SecretResourceName();
}
