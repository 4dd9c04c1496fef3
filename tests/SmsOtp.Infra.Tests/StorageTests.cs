namespace SmsOtp.Infra.Tests;

/// <summary>The storage account: identity-only access, TLS 1.2, nothing public; the service's tables and queues.</summary>
[Collection(InfraCollection.Name)]
public sealed class StorageTests(InfraFixture infra)
{
    [Fact]
    public void StorageAccount_TurnsSharedKeyAccessOff()
    {
        var storage = infra.Template.Single("Microsoft.Storage/storageAccounts");
        Assert.False(storage.BoolAt("properties.allowSharedKeyAccess") ?? true, "allowSharedKeyAccess must be false.");
        Assert.True(storage.BoolAt("properties.defaultToOAuthAuthentication"), "defaultToOAuthAuthentication must be true.");
    }

    [Fact]
    public void StorageAccount_RequiresTls12AndHttps()
    {
        var storage = infra.Template.Single("Microsoft.Storage/storageAccounts");
        Assert.Equal("TLS1_2", storage.Body.StringAt("properties.minimumTlsVersion"));
        Assert.True(storage.BoolAt("properties.supportsHttpsTrafficOnly"), "supportsHttpsTrafficOnly must be true.");
    }

    [Fact]
    public void StorageAccount_AllowsNoPublicBlobAccess()
    {
        var storage = infra.Template.Single("Microsoft.Storage/storageAccounts");
        Assert.False(storage.BoolAt("properties.allowBlobPublicAccess") ?? true, "allowBlobPublicAccess must be false.");

        foreach (var container in infra.Template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"))
        {
            Assert.Equal("None", container.Body.StringAt("properties.publicAccess"));
        }
    }

    [Fact]
    public void Storage_CreatesTablesQueuesAndDeploymentContainer_WithDefaultNames()
    {
        var snapshot = infra.DefaultsSnapshot;
        var account = snapshot.Single("Microsoft.Storage/storageAccounts").StringAt("name");

        Assert.Equal(
            new[] { $"{account}/default/fraudguard", $"{account}/default/ratelimits", $"{account}/default/users" },
            snapshot.OfType("Microsoft.Storage/storageAccounts/tableServices/tables").Select(t => t.StringAt("name")).Order());
        Assert.Equal(
            new[]
            {
                $"{account}/default/sms-delivery", $"{account}/default/sms-delivery-poison",
                $"{account}/default/sms-receipts", $"{account}/default/sms-receipts-poison",
            },
            snapshot.OfType("Microsoft.Storage/storageAccounts/queueServices/queues").Select(q => q.StringAt("name")).Order());
        Assert.Equal(
            $"{account}/default/app-package",
            snapshot.Single("Microsoft.Storage/storageAccounts/blobServices/containers").StringAt("name"));
    }
}
