using System.Text.Json;

namespace TrackingFunctions.Infra.Tests;

[Collection(CompiledTemplateDefinition.Name)]
public sealed class StorageTests(CompiledTemplateFixture template)
{
    private static readonly string[] Tables =
    [
        "Trackings",
        "TrackingLookup",
        "RefreshSchedule",
        "WebhookQuarantine",
        "CommandOutcomes",
        "DeadLetters",
        "Imports",
        "Subscriptions",
        "Couriers",
        "TrackingNumbers",
        "OrderIndex",
        "Notifications",
        "Suppressions",
    ];

    public static TheoryData<string> AppTables => new(Tables);

    [Fact]
    public void StorageAccount_Properties_DisableSharedKeyAndPublicBlobAccess()
    {
        var storage = template.StorageAccount;

        Assert.Equal(JsonValueKind.False, storage.Get("properties.allowSharedKeyAccess")?.ValueKind);
        Assert.Equal(JsonValueKind.False, storage.Get("properties.allowBlobPublicAccess")?.ValueKind);
        Assert.Equal(JsonValueKind.True, storage.Get("properties.defaultToOAuthAuthentication")?.ValueKind);
    }

    [Fact]
    public void StorageAccount_Properties_RequireHttpsAndTls12()
    {
        var storage = template.StorageAccount;

        Assert.Equal("TLS1_2", storage.Text("properties.minimumTlsVersion"));
        Assert.Equal(JsonValueKind.True, storage.Get("properties.supportsHttpsTrafficOnly")?.ValueKind);
    }

    [Fact]
    public void StorageAccount_DeploymentContainer_IsPrivate()
    {
        var container = template.Main.SingleOfType("Microsoft.Storage/storageAccounts/blobServices/containers");

        Assert.Equal("None", container.Text("properties.publicAccess"));
    }

    [Fact]
    public void StorageAccount_Queues_AreTheCommandAndWebhookDeliveryQueuesTheirPoisonQueuesAndTheChangeQueue()
    {
        var names = template.Main.OfType("Microsoft.Storage/storageAccounts/queueServices/queues")
            .Select(q => q.RawName)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(
            [
                "[format('{0}/{1}/{2}', parameters('name'), 'default', format('{0}-poison', parameters('commandQueueName')))]",
                "[format('{0}/{1}/{2}', parameters('name'), 'default', format('{0}-poison', parameters('webhookDeliveryQueueName')))]",
                "[format('{0}/{1}/{2}', parameters('name'), 'default', parameters('changeQueueName'))]",
                "[format('{0}/{1}/{2}', parameters('name'), 'default', parameters('commandQueueName'))]",
                "[format('{0}/{1}/{2}', parameters('name'), 'default', parameters('webhookDeliveryQueueName'))]",
            ],
            names);
        var storage = template.Main.Module("storage");
        Assert.Equal("[parameters('commandQueueName')]", storage.ResolveText("[parameters('commandQueueName')]"));
        Assert.Equal(
            "[reference(resourceId('Microsoft.Resources/deployments', 'storage'), '2025-04-01').outputs.poisonQueueName.value]",
            template.Main.Module("alerts").ResolveText("[parameters('poisonQueueName')]"));
    }

    [Fact]
    public void StorageAccount_WebhookDeliveryQueue_IsTheQueueTheTriggerBinds()
    {
        Assert.Equal("webhook-deliveries", template.Main.Parameter("webhookDeliveryQueueName").GetProperty("defaultValue").GetString());
        const string FromStorage = "[reference(resourceId('Microsoft.Resources/deployments', 'storage'), '2025-04-01').outputs.webhookDeliveryQueueName.value]";
        Assert.Equal(FromStorage, template.Main.Module("functionapp").ResolveText("[parameters('webhookDeliveryQueueName')]"));
        Assert.Equal(FromStorage, template.AppSettingText("WebhookDeliveryQueueName"));
    }

    [Fact]
    public void StorageAccount_ChangeQueue_IsTheQueueTheAppSettingNames()
    {
        Assert.Equal("tracking-changes", template.Main.Parameter("changeQueueName").GetProperty("defaultValue").GetString());
        Assert.Equal(
            "[reference(resourceId('Microsoft.Resources/deployments', 'storage'), '2025-04-01').outputs.changeQueueName.value]",
            template.Main.Module("functionapp").ResolveText("[parameters('changeQueueName')]"));
        Assert.Equal(
            "[reference(resourceId('Microsoft.Resources/deployments', 'storage'), '2025-04-01').outputs.changeQueueName.value]",
            template.AppSettingText("ChangeEvents__QueueName"));
    }

    [Theory]
    [MemberData(nameof(AppTables))]
    public void StorageAccount_Tables_IncludeEveryTableTheAppUses(string table)
    {
        var tables = template.Main.SingleOfType("Microsoft.Storage/storageAccounts/tableServices/tables");
        Assert.Equal("[length(parameters('tableNames'))]", tables.Text("copy.count"));
        Assert.Contains("parameters('tableNames')[copyIndex()]", tables.RawName, StringComparison.Ordinal);

        var (names, _) = tables.Template.Resolve(JsonSerializer.SerializeToElement("[parameters('tableNames')]"));
        Assert.Equal(JsonValueKind.Array, names.ValueKind);
        Assert.Contains(table, names.EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public void StorageAccount_Tables_AreExactlyTheAppTables()
    {
        var tables = template.Main.SingleOfType("Microsoft.Storage/storageAccounts/tableServices/tables");
        var (names, _) = tables.Template.Resolve(JsonSerializer.SerializeToElement("[parameters('tableNames')]"));

        Assert.Equal(Tables.Order(StringComparer.Ordinal), names.EnumerateArray().Select(n => n.GetString()!).Order(StringComparer.Ordinal));
    }
}
