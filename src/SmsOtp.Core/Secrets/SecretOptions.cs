using System.ComponentModel.DataAnnotations;

namespace SmsOtp.Core.Secrets;

/// <summary>
/// Where secrets come from and how long they are trusted (root keys of <c>SmsOtp</c>): Key Vault when
/// <see cref="KeyVaultUri"/> is set, else <c>SmsOtp:Secrets:&lt;name&gt;</c>; values are read again after
/// <see cref="SecretRefreshSeconds"/>, so a rotated credential is picked up without a restart. The names of
/// the service's own keys are here too: the health check reads one to prove the vault answers.
/// </summary>
public sealed class SecretOptions : IValidatedOptions
{
    public const string SectionName = Common.SectionNames.Root;

    public string? KeyVaultUri { get; set; }

    /// <summary>Client id of a user-assigned managed identity for Key Vault; empty uses DefaultAzureCredential.</summary>
    public string? ManagedIdentityClientId { get; set; }

    [Range(1, 86400)]
    public int SecretRefreshSeconds { get; set; } = 300;

    /// <summary>Name of the secret holding the HMAC key for stored code hashes.</summary>
    public string HmacKeySecretName { get; set; } = "otp-hmac-key";

    /// <summary>Name of the secret holding the AES-GCM key for queue payloads.</summary>
    public string QueueKeySecretName { get; set; } = "queue-encryption-key";

    public TimeSpan RefreshInterval => TimeSpan.FromSeconds(SecretRefreshSeconds);

    public void Validate(OptionsErrors errors)
    {
        if (!string.IsNullOrWhiteSpace(KeyVaultUri) && (!Uri.TryCreate(KeyVaultUri, UriKind.Absolute, out var kv) || kv.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{errors.Prefix}{nameof(KeyVaultUri)} must be an https:// URI (e.g. https://my-vault.vault.azure.net/).");
        }

        if (string.IsNullOrWhiteSpace(HmacKeySecretName))
        {
            errors.Add($"{errors.Prefix}{nameof(HmacKeySecretName)} must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(QueueKeySecretName))
        {
            errors.Add($"{errors.Prefix}{nameof(QueueKeySecretName)} must not be empty.");
        }
    }
}
