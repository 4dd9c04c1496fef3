namespace SmsOtp.Core.Providers.Presets.Acs;

/// <summary>How one ACS provider authenticates: a connection string's access key (the secret's name), else a managed identity.</summary>
/// <param name="ConnectionStringSecret">The Key Vault secret holding <c>endpoint=...;accesskey=...</c>; null: managed identity.</param>
/// <param name="ManagedIdentityClientId">A user-assigned identity's client id; null: <c>DefaultAzureCredential</c>.</param>
/// <param name="Provider">The provider's name, for the log.</param>
public sealed record AcsSettings(string? ConnectionStringSecret, string? ManagedIdentityClientId, string Provider);
