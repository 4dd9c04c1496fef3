using Azure.Core;
using Azure.Identity;

namespace SmsOtp.Core.Storage;

/// <summary>
/// Reads <c>AzureWebJobsStorage</c> the way the Functions host does: a connection string (locally,
/// Azurite), or identity-based settings <c>__accountName</c> / <c>__tableServiceUri</c> /
/// <c>__queueServiceUri</c> with <c>__credential=managedidentity</c> and <c>__clientId</c> (in Azure).
/// </summary>
public sealed record StorageConnection(string? ConnectionString, Uri? TableServiceUri, Uri? QueueServiceUri, TokenCredential? Credential)
{
    public const string SettingName = "AzureWebJobsStorage";

    public static StorageConnection From(IConfiguration configuration)
    {
        var connectionString = configuration[SettingName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new StorageConnection(connectionString, null, null, null);
        }

        var section = configuration.GetSection(SettingName);
        var account = section["accountName"];
        var tableUri = section["tableServiceUri"] ?? (account is null ? null : $"https://{account}.table.core.windows.net");
        var queueUri = section["queueServiceUri"] ?? (account is null ? null : $"https://{account}.queue.core.windows.net");
        if (tableUri is null || queueUri is null)
        {
            throw new InvalidOperationException(
                $"{SettingName} is not configured: set a connection string, or {SettingName}__accountName (or __tableServiceUri and __queueServiceUri) for an identity-based connection.");
        }

        var clientId = section["clientId"];
        TokenCredential credential = string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
        return new StorageConnection(null, new Uri(tableUri), new Uri(queueUri), credential);
    }
}
