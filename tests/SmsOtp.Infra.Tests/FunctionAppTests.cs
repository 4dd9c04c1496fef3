using System.Text.Json.Nodes;

namespace SmsOtp.Infra.Tests;

/// <summary>The Function App: Flex Consumption, .NET 10 isolated, HTTPS only, no FTP or basic auth.</summary>
[Collection(InfraCollection.Name)]
public sealed class FunctionAppTests(InfraFixture infra)
{
    [Fact]
    public void Plan_IsFlexConsumptionFc1OnLinux()
    {
        var plan = infra.Template.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.Body.StringAt("sku.name"));
        Assert.Equal("FlexConsumption", plan.Body.StringAt("sku.tier"));
        Assert.True(plan.BoolAt("properties.reserved"), "Flex Consumption plans are Linux (reserved: true).");
    }

    [Fact]
    public void Site_RunsDotnetIsolated10OnLinux()
    {
        var site = infra.Template.Single("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", site.Body.StringAt("kind"));
        Assert.Equal("dotnet-isolated", site.Body.StringAt("properties.functionAppConfig.runtime.name"));
        Assert.Equal("10.0", site.Body.StringAt("properties.functionAppConfig.runtime.version"));
    }

    [Fact]
    public void Site_IsHttpsOnly_WithTls12_AndFtpsDisabled()
    {
        var site = infra.Template.Single("Microsoft.Web/sites");
        Assert.True(site.BoolAt("properties.httpsOnly"), "httpsOnly must be true.");
        Assert.Equal("Disabled", site.Body.StringAt("properties.siteConfig.ftpsState"));
        Assert.Equal("1.2", site.Body.StringAt("properties.siteConfig.minTlsVersion"));
        Assert.Equal("1.2", site.Body.StringAt("properties.siteConfig.scmMinTlsVersion"));
    }

    [Fact]
    public void Site_DisablesBasicAuthPublishing()
    {
        var policies = infra.ExampleSnapshot.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.Equal(["ftp", "scm"], policies.Select(p => p.StringAt("name").Split('/')[^1]).Order());
        Assert.All(policies, policy => Assert.False(policy.BoolAt("properties.allow") ?? true));
    }

    [Fact]
    public void Site_RunsAsTheUserAssignedIdentity()
    {
        var snapshot = infra.ExampleSnapshot;
        var identityId = snapshot.AppIdentityId();
        var site = snapshot.Single("Microsoft.Web/sites");

        Assert.Equal("UserAssigned", site.StringAt("identity.type"));
        var assigned = site.At("identity.userAssignedIdentities") as JsonObject ?? [];
        Assert.Equal([identityId], assigned.Select(p => p.Key));
    }

    [Fact]
    public void Site_DeploysFromBlobContainer_WithItsIdentity()
    {
        var snapshot = infra.ExampleSnapshot;
        var site = snapshot.Single("Microsoft.Web/sites");
        var storage = site.At("properties.functionAppConfig.deployment.storage");

        Assert.Equal("blobContainer", storage.StringAt("type"));
        Assert.Equal("UserAssignedIdentity", storage.StringAt("authentication.type"));
        Assert.Equal(
            snapshot.AppIdentityId(),
            storage.StringAt("authentication.userAssignedIdentityResourceId"));

        // <blob endpoint of the account> + <deployment container>
        var value = storage.StringAt("value");
        Assert.Contains(snapshot.IdOf("Microsoft.Storage/storageAccounts"), value, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("primaryEndpoints.blob", value, StringComparison.Ordinal);
        Assert.Contains("'app-package'", value, StringComparison.Ordinal);
    }

    [Fact]
    public void Site_ScaleIsBounded()
    {
        var scale = infra.ExampleSnapshot.Single("Microsoft.Web/sites").At("properties.functionAppConfig.scaleAndConcurrency");
        Assert.InRange(scale.At("maximumInstanceCount")!.GetValue<int>(), 1, 1000);
        Assert.Contains(scale.At("instanceMemoryMB")!.GetValue<int>(), new[] { 512, 2048, 4096 });
    }

    [Fact]
    public void Site_KeepsOneHttpInstanceAlwaysReady_ByDefault()
    {
        // Flex Consumption always-ready instances for the http function group (send, verify, ...).
        var alwaysReady = AlwaysReady(infra.DefaultsSnapshot);
        var group = Assert.Single(alwaysReady);
        Assert.Equal("http", group.StringAt("name"));
        Assert.Equal(1, group.At("instanceCount")!.GetValue<int>());
    }

    [Fact]
    public void Site_TakesAlwaysReadyFromTheParameter()
    {
        var group = Assert.Single(AlwaysReady(infra.CustomSnapshot));
        Assert.Equal("http", group.StringAt("name"));
        Assert.Equal(InfraFixture.CustomMonitoringParameters["alwaysReady"], group.At("instanceCount")!.GetValue<int>());
    }

    [Fact]
    public void FunctionApp_IsDeployedAfterIdentityStorageKeyVaultAndMonitoring()
    {
        // The app must start with its role assignments in place: its module depends (directly or
        // through another module) on every module that grants it a role.
        var topLevel = infra.Template.TopLevel();
        var reached = new HashSet<string>();
        var pending = new Stack<string>(["functionApp"]);
        while (pending.TryPop(out var name))
        {
            foreach (var dependency in topLevel[name]["dependsOn"] as JsonArray ?? [])
            {
                var target = dependency!.GetValue<string>();
                if (reached.Add(target))
                {
                    pending.Push(target);
                }
            }
        }

        Assert.Superset(new HashSet<string> { "identity", "storage", "keyVault", "monitoring" }, reached);
    }

    private static List<JsonObject> AlwaysReady(DeploymentSnapshot snapshot) =>
        (snapshot.Single("Microsoft.Web/sites").At("properties.functionAppConfig.scaleAndConcurrency.alwaysReady") as JsonArray ?? [])
            .OfType<JsonObject>()
            .ToList();
}
