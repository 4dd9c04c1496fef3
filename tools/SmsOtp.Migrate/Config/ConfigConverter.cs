using System.Text.RegularExpressions;

namespace SmsOtp.Migrate.Config;

/// <summary>
/// The <c>config</c> command's work: deployment.toml and the identity provider into one settings document,
/// plus <c>CaseInsensitiveUserIds: true</c> (WSO2's JDBC and LDAP user stores compare user names without
/// case by default, spec §10.1), optionally under <c>Tenants:&lt;t&gt;:</c>.
/// </summary>
public static partial class ConfigConverter
{
    public static ConversionResult Convert(string toml, string tomlName, string? idpJson, string? idpName, bool usePresets, string? tenant)
    {
        var result = new ConversionResult();
        DeploymentTomlConverter.Convert(toml, tomlName, result);
        if (idpJson is not null)
        {
            IdentityProviderConverter.Convert(IdentityProviderExport.Read(idpJson, idpName ?? "the identity provider file"), usePresets, result);
        }
        else
        {
            result.Info("--idp", "no identity provider given: add a provider (Providers:0:Preset ...) before deploying; without one the local server writes each SMS to its outbox");
        }

        result.Settings.Set("CaseInsensitiveUserIds", true);
        if (tenant is null)
        {
            return result;
        }

        if (!TenantPattern().IsMatch(tenant))
        {
            throw new MigrationInputException($"--tenant '{tenant}' is not a tenant name (letters, digits, '.', '_', '-', at most 64, starting with a letter or digit).");
        }

        var prefixed = new ConversionResult();
        foreach (var (key, value) in result.Settings.Prefixed($"Tenants:{tenant}:").Entries)
        {
            prefixed.Settings.Set(key, value);
        }

        prefixed.Notes.AddRange(result.Notes);
        prefixed.Secrets.AddRange(result.Secrets);
        return prefixed;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex TenantPattern();
}
