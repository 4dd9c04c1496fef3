using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;

namespace SmsOtp.Core.Secrets;

/// <summary>
/// Secrets from Azure Key Vault through one <see cref="SecretClient"/> for the app's lifetime. It does not
/// cache itself: <see cref="CachingSecretSource"/> wraps it. A missing secret is null (the caller names it
/// in its error); any other failure (no access, vault unreachable) surfaces as the SDK's exception.
/// </summary>
public sealed class KeyVaultSecretSource(SecretClient client, IOptionsMonitor<SecretOptions> options) : ISecretSource
{
    public async ValueTask<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var secret = await client.GetSecretAsync(name, version: null, cancellationToken).ConfigureAwait(false);
            return string.IsNullOrEmpty(secret.Value.Value) || secret.Value.Properties.Enabled == false ? null : secret.Value.Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Reads the HMAC key's secret: proves the vault answers and this identity may read it.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken) =>
        await client.GetSecretAsync(options.CurrentValue.HmacKeySecretName, version: null, cancellationToken).ConfigureAwait(false);

    /// <summary>The managed identity named by its client id, else the default chain (developer sign-in locally).</summary>
    public static TokenCredential CreateCredential(string? managedIdentityClientId) =>
        string.IsNullOrWhiteSpace(managedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(managedIdentityClientId));
}
