namespace SmsOtp.Core.Secrets;

/// <summary>A secret the configuration refers to does not exist. The message names it, never a value.</summary>
public sealed class SecretNotFoundException(string name)
    : InvalidOperationException($"Secret '{name}' was not found (Key Vault secret '{name}', or locally SmsOtp:Secrets:{name}).")
{
    public string SecretName { get; } = name;
}
