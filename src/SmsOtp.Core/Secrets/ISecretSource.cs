namespace SmsOtp.Core.Secrets;

/// <summary>
/// Where provider credentials and the service's own keys come from: Key Vault in Azure,
/// <c>SmsOtp:Secrets:&lt;name&gt;</c> locally. Implementations cache; callers may ask on every use.
/// </summary>
public interface ISecretSource
{
    /// <summary>Returns the secret's current value, or null when no such secret exists.</summary>
    ValueTask<string?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Proves the source answers (for the health check).</summary>
    Task CheckAsync(CancellationToken cancellationToken);

    /// <summary>Forgets a cached value so the next read asks the store (a key id nobody here knows yet).</summary>
    void Refresh(string name)
    {
    }
}
