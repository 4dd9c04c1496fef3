using System.Text.Json;

namespace SmsOtp.Migrate.Config;

/// <summary>
/// Finds the SMSOTP authenticators in a WSO2 identity-provider JSON: the IdP REST API's identity provider
/// (<c>federatedAuthenticators.authenticators[].properties[]</c>), its <c>/federated-authenticators</c> answer,
/// one authenticator, or a list of identity providers. The authenticator is the one named <c>SMSOTP</c>
/// (its id is base64 of the name, <c>U01TT1RQ</c>) or the one whose properties hold <c>sms_url</c>.
/// </summary>
public static class IdentityProviderExport
{
    private const string AuthenticatorName = "SMSOTP";
    private const string AuthenticatorId = "U01TT1RQ";

    public static IReadOnlyList<SmsGateway> Read(string json, string fileName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new MigrationInputException($"{fileName} is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var found = new List<SmsGateway>();
            Walk(document.RootElement, null, found);
            if (found.Count == 0)
            {
                throw new MigrationInputException(
                    $"{fileName} holds no SMSOTP federated authenticator (federatedAuthenticators.authenticators[] named SMSOTP, with properties such as sms_url).");
            }

            return found;
        }
    }

    private static void Walk(JsonElement element, string? idpName, List<SmsGateway> found)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Walk(item, idpName, found);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (element.TryGetProperty("federatedAuthenticators", out _) && element.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
        {
            idpName = n.GetString();
        }

        if (IsSmsOtpAuthenticator(element, out var properties))
        {
            var enabled = !element.TryGetProperty("isEnabled", out var e) || e.ValueKind != JsonValueKind.False;
            found.Add(new SmsGateway(idpName, enabled, properties));
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            Walk(property.Value, idpName, found);
        }
    }

    private static bool IsSmsOtpAuthenticator(JsonElement element, out Dictionary<string, string> properties)
    {
        properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!element.TryGetProperty("properties", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String)
            {
                properties[k.GetString()!] = item.TryGetProperty("value", out var v) ? v.ValueKind switch
                {
                    JsonValueKind.String => v.GetString()!,
                    JsonValueKind.Null or JsonValueKind.Undefined => "",
                    _ => v.GetRawText(),
                } : "";
            }
        }

        var named = Text(element, "name") == AuthenticatorName || Text(element, "authenticatorId") == AuthenticatorId;
        return named || properties.ContainsKey("sms_url");
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
