using System.Text.Json.Nodes;

namespace SmsOtp.Infra.Tests;

/// <summary>Key Vault: RBAC authorization, soft delete, purge protection; no secret value in the template.</summary>
[Collection(InfraCollection.Name)]
public sealed class KeyVaultTests(InfraFixture infra)
{
    [Fact]
    public void Vault_UsesRbacAuthorization_NotAccessPolicies()
    {
        var vault = infra.Template.Single("Microsoft.KeyVault/vaults");
        Assert.True(vault.BoolAt("properties.enableRbacAuthorization"), "enableRbacAuthorization must be true.");
        Assert.True(
            vault.At("properties.accessPolicies") is null or JsonArray { Count: 0 },
            "The vault must not carry access policies.");
    }

    [Fact]
    public void Vault_HasSoftDeleteAndPurgeProtection()
    {
        var vault = infra.Template.Single("Microsoft.KeyVault/vaults");
        Assert.True(vault.BoolAt("properties.enableSoftDelete"), "enableSoftDelete must be true.");
        Assert.True(vault.BoolAt("properties.enablePurgeProtection"), "enablePurgeProtection must be true.");
    }

    [Fact]
    public void Vault_IsNotOpenToVmOrTemplateDeployments()
    {
        var vault = infra.Template.Single("Microsoft.KeyVault/vaults");
        Assert.False(vault.BoolAt("properties.enabledForDeployment") ?? false);
        Assert.False(vault.BoolAt("properties.enabledForTemplateDeployment") ?? false);
        Assert.False(vault.BoolAt("properties.enabledForDiskEncryption") ?? false);
    }

    [Fact]
    public void Template_CreatesNoSecrets_AndTakesNoSecretParameters()
    {
        Assert.Empty(infra.Template.OfType("Microsoft.KeyVault/vaults/secrets"));

        foreach (var (path, template) in infra.Template.Templates())
        {
            foreach (var (name, parameter) in template["parameters"] as JsonObject ?? [])
            {
                // A parameter declares its type, or points ($ref) at a user-defined type in "definitions".
                var declaration = parameter!["$ref"]?.GetValue<string>() is { } reference
                    ? template.At("definitions." + reference.Split('/')[^1])
                    : parameter;
                var type = declaration.StringAt("type");
                Assert.False(
                    type.StartsWith("secure", StringComparison.OrdinalIgnoreCase),
                    $"{path}: parameter {name} is {type}; secret values never pass through this template.");
            }
        }
    }

    [Fact]
    public void Outputs_ListTheSecretsToSet_ByNameOnly()
    {
        var names = infra.DefaultsSnapshot.Outputs["requiredSecretNames"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(["otp-hmac-key", "queue-encryption-key", "twilio-account-sid", "twilio-auth-token"], names);
    }
}
