using System.Text.RegularExpressions;

namespace TrackingFunctions.Infra.Tests;

[Collection(CompiledTemplateDefinition.Name)]
public sealed partial class RoleAssignmentTests(CompiledTemplateFixture template)
{
    private const string BlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string QueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string SecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    public static TheoryData<string, string, string> IdentityRoles => new()
    {
        { BlobDataOwner, "Microsoft.Storage/storageAccounts", "storage" },
        { QueueDataContributor, "Microsoft.Storage/storageAccounts", "storage" },
        { TableDataContributor, "Microsoft.Storage/storageAccounts", "storage" },
        { MetricsPublisher, "Microsoft.Insights/components", "monitoring" },
        { SecretsUser, "Microsoft.KeyVault/vaults", "keyvault" },
    };

    // The email module's one assignment gives the SMTP user's Entra application its send role (EmailTests checks it).
    private IEnumerable<ArmResource> Assignments => template.Main.OfType("Microsoft.Authorization/roleAssignments").Where(a => a.Template.ModuleName != "email");

    private IEnumerable<ArmResource> IdentityAssignments =>
        Assignments.Where(a => a.Text("properties.principalId")!.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(IdentityRoles))]
    public void RoleAssignments_UserAssignedIdentity_HoldsTheRoleOnItsResource(string roleId, string resourceType, string module)
    {
        var assignment = Assert.Single(IdentityAssignments, a => RoleId(a) == roleId);

        Assert.Equal("ServicePrincipal", assignment.Text("properties.principalType"));
        Assert.Null(assignment.Condition);
        Assert.StartsWith("[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities'", assignment.Text("properties.principalId"), StringComparison.Ordinal);
        Assert.EndsWith(".principalId]", assignment.Text("properties.principalId"), StringComparison.Ordinal);

        var (scopeType, scopeName) = Scope(assignment);
        Assert.Equal(resourceType, scopeType);

        // The scoped name is the very resource the template creates.
        var target = template.Main.Module(module).Resources.Single(r => r.Type == resourceType);
        Assert.Equal(target.Template.ResolveText(target.Element.GetProperty("name")), scopeName);
    }

    [Fact]
    public void RoleAssignments_UserAssignedIdentity_HasNoOtherRoles()
    {
        var roles = IdentityAssignments.Select(RoleId).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(
            new[] { BlobDataOwner, QueueDataContributor, TableDataContributor, MetricsPublisher, SecretsUser }.Order(StringComparer.Ordinal),
            roles);
    }

    [Fact]
    public void RoleAssignments_All_AreScopedToASpecificResource()
    {
        Assert.NotEmpty(Assignments);
        Assert.All(Assignments, a =>
        {
            Assert.NotNull(a.Get("scope"));
            var (type, _) = Scope(a);
            Assert.Contains(type, new[] { "Microsoft.Storage/storageAccounts", "Microsoft.Insights/components", "Microsoft.KeyVault/vaults" });
            Assert.DoesNotContain("resourceGroup()", a.Element.GetProperty("scope").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain("subscription()", a.Element.GetProperty("scope").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void RoleAssignments_All_UseBuiltInRoleDefinitionsAndDeterministicNames()
    {
        Assert.All(Assignments, a =>
        {
            Assert.Matches(
                @"^\[subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions', '[0-9a-f-]{36}'\)\]$",
                a.Element.GetProperty("properties").GetProperty("roleDefinitionId").GetString());
            Assert.StartsWith("[guid(", a.RawName, StringComparison.Ordinal);
            Assert.Contains(RoleId(a), a.RawName, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void RoleAssignments_Developer_GetsOnlyStorageDataRolesWhenAPrincipalIsGiven()
    {
        var developer = Assignments
            .Where(a => !a.Text("properties.principalId")!.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(
            new[] { BlobDataOwner, QueueDataContributor, TableDataContributor }.Order(StringComparer.Ordinal),
            developer.Select(RoleId).Order(StringComparer.Ordinal));
        Assert.All(developer, a =>
        {
            Assert.Equal("[not(empty(parameters('developerPrincipalId')))]", a.Condition);
            Assert.Equal("[parameters('principalId')]", a.Text("properties.principalId"));
            Assert.Equal("Microsoft.Storage/storageAccounts", Scope(a).Type);
        });
        Assert.Equal(string.Empty, template.Main.Parameter("principalId").GetProperty("defaultValue").GetString());
    }

    private static string RoleId(ArmResource assignment) =>
        RoleDefinition().Match(assignment.Element.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!).Groups[1].Value;

    private static (string Type, string Name) Scope(ArmResource assignment)
    {
        var scope = assignment.Element.GetProperty("scope").GetString()!;
        var match = ScopeResourceId().Match(scope);
        Assert.True(match.Success, $"Role assignment scope '{scope}' is not a resourceId() of one resource.");
        return (match.Groups[1].Value, assignment.Template.ResolveText($"[parameters('{match.Groups[2].Value}')]"));
    }

    [GeneratedRegex(@"roleDefinitions', '([0-9a-f-]{36})'\)\]$")]
    private static partial Regex RoleDefinition();

    [GeneratedRegex(@"^\[resourceId\('([^']+)', parameters\('([^']+)'\)\)\]$")]
    private static partial Regex ScopeResourceId();
}
