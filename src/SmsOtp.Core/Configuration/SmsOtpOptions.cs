namespace SmsOtp.Core.Configuration;

/// <summary>
/// The <c>SmsOtp</c> configuration section. Property names are the spec's keys (§5), which follow
/// WSO2's <c>deployment.toml</c> parameters; defaults are the spec's defaults.
/// </summary>
public sealed class SmsOtpOptions
{
    public const string SectionName = "SmsOtp";

    public bool RetryEnable { get; set; } = true;
    public bool ResendEnable { get; set; } = true;
    public bool BackupCode { get; set; } = true;
    public bool EnableByUserClaim { get; set; } = true;
    public bool Mandatory { get; set; }
    public bool CaptureAndUpdateMobileNumber { get; set; } = true;
    public bool SendOtpDirectlyToMobile { get; set; }
    public bool RedirectToMultiOptionPageOnFailure { get; set; }
    public int TokenLength { get; set; } = 6;
    public bool AlphanumericToken { get; set; }
    public int TokenExpirySeconds { get; set; } = 300;
    public int MaxAttemptsPerChallenge { get; set; } = 3;
    public int MaximumResendAttempts { get; set; } = 5;
    public int ResendCooldownSeconds { get; set; } = 30;
    public AccountLockOptions AccountLock { get; set; } = new();
    public int BackupCodeCount { get; set; } = 10;
    public string MessageTemplate { get; set; } = "Verification Code: {code}";
    public string? DefaultRegion { get; set; }
    public string? AllowedCountryCodes { get; set; }
    public string? KeyVaultUri { get; set; }

    /// <summary>Client id of a user-assigned managed identity for Key Vault; empty uses DefaultAzureCredential.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public List<ProviderOptions> Providers { get; set; } = [];
    public string? LocalApiKey { get; set; }

    /// <summary>Name of the secret holding the HMAC key for stored code hashes.</summary>
    public string HmacKeySecretName { get; set; } = "otp-hmac-key";

    /// <summary>Name of the secret holding the AES-GCM key for queue payloads.</summary>
    public string QueueKeySecretName { get; set; } = "queue-encryption-key";

    public StorageNamesOptions Storage { get; set; } = new();
}
