namespace TrackingFunctions.Infra.Tests;

/// <summary>Azure Communication Services Email for the shopper emails: behind deployEmail, secrets in Key Vault.</summary>
[Collection(CompiledTemplateDefinition.Name)]
public sealed class EmailTests(CompiledTemplateFixture template)
{
    private ArmTemplate Email => template.Main.Module("email");

    [Fact]
    public void Email_module_is_deployed_only_with_deployEmail()
    {
        var module = Assert.Single(template.Main.Resources, r => r.Type == "Microsoft.Resources/deployments" && r.RawName == "email");

        Assert.Equal("[parameters('deployEmail')]", module.Condition);
        Assert.Equal("Bool", template.Main.Parameter("deployEmail").GetProperty("type").GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.False(template.Main.Parameter("deployEmail").GetProperty("defaultValue").GetBoolean());
    }

    [Fact]
    public void Email_module_links_an_azure_managed_domain_to_the_communication_service()
    {
        var domain = Email.SingleOfType("Microsoft.Communication/emailServices/domains");
        var communication = Email.SingleOfType("Microsoft.Communication/communicationServices");

        Assert.Equal("AzureManaged", domain.Text("properties.domainManagement"));
        Assert.Equal("Disabled", domain.Text("properties.userEngagementTracking"));
        Assert.Contains("AzureManagedDomain", communication.Get("properties.linkedDomains")!.Value.ToString(), StringComparison.Ordinal);
        Assert.Single(Email.OfType("Microsoft.Communication/emailServices"));
    }

    [Fact]
    public void Smtp_user_name_is_tied_to_the_entra_application_which_gets_only_the_send_permissions()
    {
        var smtp = Email.SingleOfType("Microsoft.Communication/communicationServices/smtpUsernames");
        var role = Email.SingleOfType("Microsoft.Authorization/roleDefinitions");
        var assignment = Email.SingleOfType("Microsoft.Authorization/roleAssignments");

        Assert.Equal("[parameters('entraApplicationId')]", smtp.Get("properties.entraApplicationId")!.Value.GetString());
        var actions = role.Get("properties.permissions")!.Value[0].GetProperty("actions").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal(["Microsoft.Communication/CommunicationServices/Read", "Microsoft.Communication/CommunicationServices/Write", "Microsoft.Communication/EmailServices/write"], actions);
        Assert.Equal("ServicePrincipal", assignment.Text("properties.principalType"));
    }

    [Theory]
    [InlineData("NotificationsSmtpPassword")]
    [InlineData("NotificationsUnsubscribeKey")]
    public void Email_secrets_live_in_key_vault_only_when_given(string secretName)
    {
        var secret = Assert.Single(template.Main.OfType("Microsoft.KeyVault/vaults/secrets"), s => s.RawName.EndsWith($"'{secretName}')]", StringComparison.Ordinal));

        Assert.NotNull(secret.Condition);
        Assert.StartsWith("[not(empty(parameters(", secret.Condition, StringComparison.Ordinal);
    }

    [Fact]
    public void Email_settings_point_the_app_at_the_acs_smtp_relay_with_key_vault_references()
    {
        var settings = template.FunctionApp.Template.Variable("emailAppSettings").GetString() ?? string.Empty;

        Assert.StartsWith("[if(parameters('emailEnabled')", settings, StringComparison.Ordinal);
        Assert.Contains("'Notifications__Enabled', 'value', 'true'", settings, StringComparison.Ordinal);
        Assert.Contains("'Notifications__Smtp__Host', 'value', 'smtp.azurecomm.net'", settings, StringComparison.Ordinal);
        Assert.Contains("'Notifications__Smtp__Port', 'value', '587'", settings, StringComparison.Ordinal);
        Assert.Contains("'Notifications__Smtp__Security', 'value', 'StartTls'", settings, StringComparison.Ordinal);
        Assert.Contains("SecretName=NotificationsSmtpPassword", settings, StringComparison.Ordinal);
        Assert.Contains("SecretName=NotificationsUnsubscribeKey", settings, StringComparison.Ordinal);
        Assert.Contains(template.FunctionApp.Template.Variable("baseAppSettings").EnumerateArray(), s => s.GetProperty("name").GetString() == "TrackingPage__PublicBaseUrl");
    }

    [Fact]
    public void A_log_alert_watches_the_email_failure_rate()
    {
        var alert = Assert.Single(template.Main.AllResources, r => r.Type == "Microsoft.Insights/scheduledQueryRules");

        var query = alert.Get("properties.criteria.allOf")!.Value[0].GetProperty("query").GetString();
        Assert.Contains("trackingfunctions.notifications", query, StringComparison.Ordinal);
        Assert.Contains("failed / finished", query, StringComparison.Ordinal);
    }
}
