using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SmsOtp.Infra.Tests;

/// <summary>No key is ever read by the template, and no output carries a secret.</summary>
[Collection(InfraCollection.Name)]
public sealed partial class SecretHygieneTests(InfraFixture infra)
{
    [Fact]
    public void CompiledTemplate_NeverCallsListFunctions()
    {
        // listKeys, listSecrets, listAccountSas, listConnectionStrings, list(...): all hand out secrets.
        var calls = ListCall().Matches(infra.Template.Text).Select(m => m.Value).ToList();
        Assert.Empty(calls);
        Assert.DoesNotContain("listKeys", infra.Template.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void BicepSources_NeverCallListFunctions()
    {
        foreach (var file in Directory.EnumerateFiles(RepositoryLayout.Infra, "*.bicep*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.False(ListCall().IsMatch(text), $"{file} calls a list* function.");
            Assert.DoesNotContain("listKeys", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Outputs_AreNotSecureTyped_AndReadNoKeys()
    {
        foreach (var (path, template) in infra.Template.Templates())
        {
            foreach (var (name, output) in template["outputs"] as JsonObject ?? [])
            {
                var type = output.StringAt("type");
                Assert.False(type.StartsWith("secure", StringComparison.OrdinalIgnoreCase), $"{path}: output {name} is {type}.");

                var value = output!["value"]?.ToJsonString() ?? "";
                foreach (var marker in new[] { "ConnectionString", "InstrumentationKey", "primaryKey", "secondaryKey", "listKeys", ".keys" })
                {
                    Assert.False(
                        value.Contains(marker, StringComparison.OrdinalIgnoreCase),
                        $"{path}: output {name} reads {marker}: {value}");
                }
            }
        }
    }

    [Fact]
    public void MainOutputs_AreNamesAndAddressesOnly()
    {
        var outputs = infra.Template.Root["outputs"] as JsonObject ?? [];
        Assert.Equal(
            [
                "acsEndpoint", "functionAppHostName", "functionAppName", "functionAppUrl", "keyVaultName", "keyVaultUri",
                "managedIdentityClientId", "requiredSecretNames", "storageAccountName",
            ],
            outputs.Select(o => o.Key).Order(StringComparer.Ordinal));

        foreach (var snapshot in new[] { infra.ExampleSnapshot, infra.DefaultsSnapshot })
        {
            var evaluated = snapshot.Outputs.ToJsonString();
            Assert.DoesNotContain("AccountKey=", evaluated, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("InstrumentationKey", evaluated, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessSignature", evaluated, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void ExampleParameters_HoldNoSecretValues()
    {
        var parameters = File.ReadAllText(infra.ParametersPath);
        Assert.DoesNotContain("AccountKey=", parameters, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"reference\"", parameters, StringComparison.Ordinal); // no Key Vault parameter references
        Assert.False(Base64Key().IsMatch(parameters), "main.bicepparam contains what looks like a base64 key.");
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9_])list[A-Za-z]*\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListCall();

    [GeneratedRegex(@"[A-Za-z0-9+/]{40,}={0,2}")]
    private static partial Regex Base64Key();
}
