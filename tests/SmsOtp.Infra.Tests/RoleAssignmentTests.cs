using System.Text.Json.Nodes;

namespace SmsOtp.Infra.Tests;

/// <summary>Least privilege: which roles the app identity gets, and on which scope.</summary>
[Collection(InfraCollection.Name)]
public sealed class RoleAssignmentTests(InfraFixture infra)
{
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    public const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
    public const string LogAnalyticsReader = "73c42c96-874c-492b-b04d-ab87d138a893";

    /// <summary>Role of the app identity, and the resource type it must be scoped to.</summary>
    public static TheoryData<string, string> AppRoles => new()
    {
        // Host storage (it creates its own containers) and the deployment container: the account.
        { StorageBlobDataOwner, "Microsoft.Storage/storageAccounts" },
        // Delivery queue, poison queue, tables: the account, which holds nothing else of the kind.
        { StorageQueueDataContributor, "Microsoft.Storage/storageAccounts" },
        { StorageTableDataContributor, "Microsoft.Storage/storageAccounts" },
        // Secrets are set after deployment, so a per-secret scope cannot exist yet: the vault.
        { KeyVaultSecretsUser, "Microsoft.KeyVault/vaults" },
        // Telemetry: the Application Insights component, not the workspace or the group.
        { MonitoringMetricsPublisher, "Microsoft.Insights/components" },
    };

    [Theory]
    [MemberData(nameof(AppRoles))]
    public void AppIdentity_GetsRole_OnTheNarrowestScope(string roleId, string scopeType)
    {
        var snapshot = infra.ExampleSnapshot;
        var assignments = AppAssignments(snapshot).Where(a => DeploymentSnapshot.RoleOf(a) == roleId).ToList();

        var assignment = Assert.Single(assignments);
        Assert.Equal(snapshot.IdOf(scopeType), DeploymentSnapshot.ScopeOf(assignment), ignoreCase: true);
        Assert.Equal("ServicePrincipal", assignment.StringAt("properties.principalType"));
        Assert.Equal(
            $"/subscriptions/{InfraFixture.SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{roleId}",
            assignment.StringAt("properties.roleDefinitionId"));
    }

    [Fact]
    public void AppIdentity_GetsNoOtherRole()
    {
        var roles = AppAssignments(infra.ExampleSnapshot).Select(DeploymentSnapshot.RoleOf).Order();
        var expected = AppRoles.Select(row => (string)row[0]).Order();
        Assert.Equal(expected, roles);
    }

    [Fact]
    public void RoleAssignments_AreNeverOnTheResourceGroupOrWider()
    {
        foreach (var snapshot in new[] { infra.ExampleSnapshot, infra.DefaultsSnapshot, infra.CustomSnapshot })
        {
            foreach (var assignment in snapshot.OfType("Microsoft.Authorization/roleAssignments"))
            {
                var scope = DeploymentSnapshot.ScopeOf(assignment);
                Assert.Contains("/providers/", scope, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void RoleAssignments_InCompiledTemplate_UseOnlyTheExpectedRoles()
    {
        var allowed = AppRoles.Select(row => (string)row[0]).Append(KeyVaultSecretsOfficer).Append(LogAnalyticsReader).ToHashSet();
        var assignments = infra.Template.OfType("Microsoft.Authorization/roleAssignments");
        Assert.NotEmpty(assignments);
        foreach (var assignment in assignments)
        {
            var roleExpression = assignment.Body.StringAt("properties.roleDefinitionId");
            Assert.Contains("subscriptionResourceId('Microsoft.Authorization/roleDefinitions'", roleExpression, StringComparison.Ordinal);
            Assert.NotNull(assignment.At("scope"));
        }

        var template = infra.Template.Text;
        foreach (var variable in infra.Template.Templates()
                     .SelectMany(t => t.Template["variables"] as JsonObject ?? [])
                     .Where(v => v.Key.EndsWith("RoleId", StringComparison.Ordinal)))
        {
            Assert.Contains(variable.Value!.GetValue<string>(), allowed);
        }

        Assert.Contains(KeyVaultSecretsUser, template, StringComparison.Ordinal);
    }

    [Fact]
    public void Deployer_GetsSecretsOfficerOnTheVault_OnlyWhenAsked()
    {
        var withDeployer = infra.DefaultsSnapshot;
        var officer = Assert.Single(
            withDeployer.OfType("Microsoft.Authorization/roleAssignments"),
            a => DeploymentSnapshot.RoleOf(a) == KeyVaultSecretsOfficer);
        Assert.Equal(withDeployer.IdOf("Microsoft.KeyVault/vaults"), DeploymentSnapshot.ScopeOf(officer), ignoreCase: true);
        Assert.Equal(InfraFixture.DeployerPrincipalId, officer.StringAt("properties.principalId"));
        Assert.Equal("User", officer.StringAt("properties.principalType"));

        // The example parameters leave deployerPrincipalId empty: no officer role.
        Assert.DoesNotContain(
            infra.ExampleSnapshot.OfType("Microsoft.Authorization/roleAssignments"),
            a => DeploymentSnapshot.RoleOf(a) == KeyVaultSecretsOfficer);
    }

    /// <summary>Role assignments whose principal is the app's user-assigned identity.</summary>
    private static IEnumerable<JsonObject> AppAssignments(DeploymentSnapshot snapshot)
    {
        var identityId = snapshot.AppIdentityId();
        var principal = DeploymentSnapshot.PrincipalOf(identityId);
        return snapshot.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => a.StringAt("properties.principalId") == principal);
    }
}
