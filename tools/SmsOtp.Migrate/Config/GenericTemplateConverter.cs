using System.Text.RegularExpressions;

namespace SmsOtp.Migrate.Config;

/// <summary>
/// Keeps WSO2's request template as it is (<c>Url</c>, <c>Method</c>, <c>Headers</c>, <c>Payload</c>,
/// <c>HttpResponseCode</c>, with <c>$ctx.num</c>/<c>$ctx.msg</c>/<c>$ctx.otp</c>) and moves every credential in
/// it into a secret: URL user info, query parameters, an <c>Accounts/&lt;id&gt;</c> path segment, credential
/// headers (keeping the scheme word of <c>Basic</c>/<c>Bearer</c>) and payload fields become <c>{secret:NAME}</c>.
/// </summary>
public static partial class GenericTemplateConverter
{
    /// <summary>Gateways that want the number without its <c>+</c> (WSO2 sent the claim as stored; these APIs document digits).</summary>
    private static readonly string[] DigitsHosts = ["rest.nexmo.com", "api.nexmo.com", "api.clickatell.com", "platform.clickatell.com", "bulksms.vsms.net"];

    public static void Convert(GatewayRequest request, string key, string secretPrefix, string? name, ConversionResult result)
    {
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        string Secret(string part, string foundIn)
        {
            var secretName = secretPrefix + "-" + CredentialNames.Slug(part);
            result.RequireSecret(secretName, foundIn);
            return "{secret:" + secretName + "}";
        }

        // URL user info: https://user:password@host/...
        request.BaseUrl = UserInfo().Replace(request.BaseUrl, m =>
            m.Groups["scheme"].Value + Secret("url-user", "the user name in the SMS URL") + ":" + Secret("url-password", "the password in the SMS URL") + "@");

        // An account id in the path (Twilio's Accounts/{AccountSid}, Plivo's Account/{auth_id}).
        var segments = request.BaseUrl.Split('/');
        for (var i = 3; i < segments.Length - 1; i++)
        {
            if (segments[i].Equals("Accounts", StringComparison.OrdinalIgnoreCase) || segments[i].Equals("Account", StringComparison.OrdinalIgnoreCase))
            {
                if (segments[i + 1].Length > 0 && !segments[i + 1].Contains("$ctx", StringComparison.Ordinal))
                {
                    segments[i + 1] = Secret("account-id", "the account id in the SMS URL path (after /" + segments[i] + "/)");
                }
            }
        }

        request.BaseUrl = string.Join('/', segments);

        for (var i = 0; i < request.Query.Count; i++)
        {
            var (param, value) = request.Query[i];
            if (CredentialNames.IsCredential(param) && IsLiteral(value))
            {
                request.Query[i] = new(param, Secret(param, $"the {param} query parameter of the SMS URL"));
            }
        }

        for (var i = 0; i < request.Headers.Count; i++)
        {
            var (header, value) = request.Headers[i];
            if (CredentialNames.IsCredential(header) && IsLiteral(value))
            {
                var scheme = Scheme().Match(value);
                request.Headers[i] = new(header, scheme.Success
                    ? scheme.Groups["scheme"].Value + " " + Secret(header, $"the {header} header after '{scheme.Groups["scheme"].Value}'")
                    : Secret(header, $"the {header} header"));
            }
        }

        if (request.Payload is { } payload)
        {
            request.Payload = request.PayloadKind switch
            {
                PayloadKind.Json => JsonField().Replace(payload, m => Replace(m, "JSON payload")),
                PayloadKind.Form => FormField().Replace(payload, m => Replace(m, "form payload")),
                PayloadKind.Xml => XmlField().Replace(payload, m => Replace(m, "XML payload")),
                _ => payload,
            };
        }

        string Replace(Match m, string where)
        {
            var field = m.Groups["name"].Value;
            var value = m.Groups["value"];
            if (!CredentialNames.IsCredential(field) || !IsLiteral(value.Value))
            {
                return m.Value;
            }

            var start = value.Index - m.Index;
            return m.Value[..start] + Secret(field, $"the {field} field of the {where}") + m.Value[(start + value.Length)..];
        }

        result.Settings.Set(key + "Name", name ?? secretPrefix);
        result.Settings.Set(key + "Url", request.Url());
        result.Settings.Set(key + "Method", request.Method);
        if (request.Headers.Count > 0)
        {
            result.Settings.Set(key + "Headers", request.HeaderString());
        }

        if (!string.IsNullOrEmpty(request.Payload))
        {
            result.Settings.Set(key + "Payload", request.Payload);
        }

        if (request.HttpResponse is { } code)
        {
            result.Settings.Set(key + "HttpResponseCode", code);
        }

        if (DigitsHosts.Contains(request.Host) || request.BaseUrl.Contains("/eapi/", StringComparison.OrdinalIgnoreCase))
        {
            result.Settings.Set(key + "NumberFormat", "digits");
        }
        else
        {
            result.Info(key + "NumberFormat", "WSO2 put the mobile claim into $ctx.num as stored; the service sends E.164 (+94...). Set NumberFormat to digits if the gateway wants no +");
        }
    }

    /// <summary>A value the operator typed (not empty, not a placeholder): that is what a credential looks like.</summary>
    private static bool IsLiteral(string value) =>
        !string.IsNullOrWhiteSpace(value) && !value.Contains("$ctx", StringComparison.Ordinal) && !value.Contains("{secret:", StringComparison.Ordinal);

    [GeneratedRegex(@"^(?<scheme>[a-z][a-z0-9+.-]*://)[^/@?#]+@", RegexOptions.IgnoreCase)]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"^(?<scheme>Basic|Bearer|Token|ApiKey|Key|Digest)\s+\S", RegexOptions.IgnoreCase)]
    private static partial Regex Scheme();

    [GeneratedRegex("\"(?<name>[^\"\\\\]+)\"\\s*:\\s*\"(?<value>(?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex JsonField();

    [GeneratedRegex(@"(?<=^|&)(?<name>[^=&\s]+)=(?<value>[^&]*)")]
    private static partial Regex FormField();

    [GeneratedRegex(@"<(?<name>[A-Za-z_][\w.-]*)>(?<value>[^<]*)</\k<name>>")]
    private static partial Regex XmlField();
}
