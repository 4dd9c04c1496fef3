namespace SmsOtp.Core.Secrets;

/// <summary>
/// How long a secret read from Key Vault is trusted before it is read again (<c>SmsOtp:SecretRefreshSeconds</c>),
/// so a rotated credential is picked up without a restart.
/// </summary>
public sealed class SecretCacheOptions
{
    public int SecretRefreshSeconds { get; set; } = 300;

    public TimeSpan RefreshInterval => TimeSpan.FromSeconds(SecretRefreshSeconds);
}
