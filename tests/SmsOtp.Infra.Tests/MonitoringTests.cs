namespace SmsOtp.Infra.Tests;

/// <summary>Log Analytics and Application Insights accept Entra ID only (local auth off).</summary>
[Collection(InfraCollection.Name)]
public sealed class MonitoringTests(InfraFixture infra)
{
    [Fact]
    public void ApplicationInsights_DisablesLocalAuth()
    {
        var insights = infra.Template.Single("Microsoft.Insights/components");
        Assert.True(insights.BoolAt("properties.DisableLocalAuth"), "Application Insights DisableLocalAuth must be true.");
        Assert.NotNull(insights.At("properties.WorkspaceResourceId"));
    }

    [Fact]
    public void LogAnalytics_DisablesLocalAuth()
    {
        var workspace = infra.Template.Single("Microsoft.OperationalInsights/workspaces");
        Assert.True(workspace.BoolAt("properties.features.disableLocalAuth"), "Log Analytics features.disableLocalAuth must be true.");
    }

    [Fact]
    public void KeyVaultAuditLog_GoesToLogAnalytics()
    {
        var snapshot = infra.ExampleSnapshot;
        var setting = snapshot.Single("Microsoft.Insights/diagnosticSettings");
        Assert.StartsWith(snapshot.IdOf("Microsoft.KeyVault/vaults") + "/providers/", setting.StringAt("id"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(snapshot.IdOf("Microsoft.OperationalInsights/workspaces"), setting.StringAt("properties.workspaceId"), ignoreCase: true);
    }
}
