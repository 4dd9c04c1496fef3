using Azure.Core;
using Azure.Identity;

namespace SmsOtp.Core.Telemetry;

/// <summary>
/// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>Authorization=AAD;ClientId=&lt;client id&gt;</c>), the
/// setting Azure Functions documents for sending telemetry with Microsoft Entra ID. The Functions host reads it
/// itself; the Azure Monitor exporter in the worker does not, so the worker turns it into the credential the
/// exporter takes (a user-assigned managed identity, or the system-assigned one without <c>ClientId</c>).
/// </summary>
public sealed record AzureMonitorAuthentication(string? ClientId)
{
    public const string SettingName = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>Null when the setting is empty or does not ask for Entra ID (<c>Authorization=AAD</c>).</summary>
    public static AzureMonitorAuthentication? Parse(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return null;
        }

        string? authorization = null;
        string? clientId = null;
        foreach (var (key, value) in SettingParts.Of(setting))
        {
            if (key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                authorization = value;
            }
            else if (key.Equals("ClientId", StringComparison.OrdinalIgnoreCase))
            {
                clientId = value.Length == 0 ? null : value;
            }
        }

        return string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase) ? new AzureMonitorAuthentication(clientId) : null;
    }

    public TokenCredential CreateCredential() =>
        ClientId is { } id
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(id))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
}
