using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;

namespace SmsOtp.Core.Providers.Presets.Acs;

/// <summary>
/// The identity ACS requests are sent as: a user-assigned managed identity by its client id, else
/// <c>DefaultAzureCredential</c> (the app's system identity in Azure, the developer's sign-in locally). One credential per
/// client id, kept for the process (each caches its tokens). Tests replace the factory.
/// </summary>
public sealed class AcsCredentials(Func<string?, TokenCredential> create)
{
    /// <summary>The token scope of ACS (the double slash is ACS's own).</summary>
    public const string Scope = "https://communication.azure.com//.default";

    private readonly ConcurrentDictionary<string, TokenCredential> _credentials = new(StringComparer.OrdinalIgnoreCase);

    public AcsCredentials()
        : this(clientId => clientId is null
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId)))
    {
    }

    public TokenCredential For(string? clientId) => _credentials.GetOrAdd(clientId ?? "", id => create(id.Length == 0 ? null : id));
}
