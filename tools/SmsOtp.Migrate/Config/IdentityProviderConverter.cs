using System.Text.RegularExpressions;

namespace SmsOtp.Migrate.Config;

/// <summary>
/// Turns the SMS OTP authenticators of WSO2 identity providers into <c>Providers:&lt;n&gt;</c> entries, in file
/// order (WSO2 uses one per authentication step; the service tries its list in order, as failover).
/// </summary>
public static partial class IdentityProviderConverter
{
    private static readonly Dictionary<string, string> UnmappedProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mobile_number_regex"] = "numbers are validated with libphonenumber; limit countries with AllowedCountryCodes",
        ["mobile_number_pattern_failure_error_message"] = "an invalid number answers the problem code invalid_mobile; the app words the message",
        ["show_detailed_error_info"] = "provider answers are never passed on (they may echo the number); failures carry the provider's error code in logs and /api/otp/status",
        ["values_to_be_masked"] = "provider answers are never shown, so there is nothing to mask",
    };

    private static readonly HashSet<string> Template = new(StringComparer.OrdinalIgnoreCase) { "sms_url", "http_method", "headers", "payload", "http_response" };

    public static void Convert(IReadOnlyList<SmsGateway> gateways, bool usePresets, ConversionResult result)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var gateway in gateways)
        {
            var source = gateway.IdpName is null ? "SMSOTP" : $"identity provider '{gateway.IdpName}'";
            if (!gateway.Enabled)
            {
                result.Warn(source, "its SMSOTP authenticator is disabled in WSO2; converted anyway");
            }

            foreach (var (property, _) in gateway.Properties)
            {
                if (Template.Contains(property))
                {
                    continue;
                }

                result.Unmapped(property, UnmappedProperties.TryGetValue(property, out var reason)
                    ? reason
                    : "not an SMS OTP Configuration property this tool knows");
            }

            if (gateway.Get("sms_url") is not { } url)
            {
                result.Unmapped("sms_url", $"empty in {source}: WSO2 then hands the code to its notification module; give the service a provider (Preset) instead");
                continue;
            }

            var key = $"Providers:{index}:";
            var request = GatewayRequest.Parse(Clean(url, "sms_url", key, result)!, Method(gateway.Get("http_method"), key, result),
                gateway.Get("headers"), Clean(gateway.Get("payload"), "payload", key, result), gateway.Get("http_response"));

            if (request.Host.Length == 0 || (request.Scheme != "https" && request.Scheme != "http"))
            {
                result.Warn(key + "Url", "WSO2's sms_url is not an absolute http(s) URL; the service will refuse to start with it until it is fixed");
            }

            if (!(usePresets && PresetConverter.TryConvert(request, key, used, result)))
            {
                var prefix = KnownName(request.Host) ?? CredentialNames.Slug(gateway.IdpName ?? "sms-gateway");
                var unique = prefix;
                for (var n = 2; !used.Add(unique); n++)
                {
                    unique = prefix + "-" + n;
                }

                GenericTemplateConverter.Convert(request, key, unique, unique, result);
            }

            index++;
        }
    }

    private static string Method(string? method, string key, ConversionResult result)
    {
        var m = method?.Trim().ToUpperInvariant();
        if (m is "GET" or "POST")
        {
            return m;
        }

        result.Warn(key + "Method", m is null or "" ? "http_method is empty; POST is used" : $"'{method}' is not GET or POST, which is what the service sends; POST is used");
        return "POST";
    }

    /// <summary>
    /// WSO2's documentation writes <c>" $ctx.msg "</c> with spaces and, for Plivo, <c>ctx.num</c> without the
    /// dollar; neither can have worked as written. Spaces around placeholders are removed, the dollar added.
    /// </summary>
    private static string? Clean(string? template, string property, string key, ConversionResult result)
    {
        if (template is null)
        {
            return null;
        }

        var cleaned = SpacedPlaceholder().Replace(template, "");
        cleaned = BarePlaceholder().Replace(cleaned, "$$ctx.$1");
        if (property == "sms_url" && cleaned.Any(char.IsWhiteSpace))
        {
            cleaned = new string(cleaned.Where(c => !char.IsWhiteSpace(c)).ToArray());
        }

        if (cleaned != template)
        {
            result.Warn(key + (property == "sms_url" ? "Url" : "Payload"),
                $"the WSO2 {property} had spaces around a $ctx placeholder or a placeholder without its $ (as in WSO2's documentation); cleaned");
        }

        return cleaned;
    }

    private static string? KnownName(string host) => host switch
    {
        _ when host.EndsWith("clickatell.com", StringComparison.Ordinal) => "clickatell",
        _ when host.EndsWith("nexmo.com", StringComparison.Ordinal) || host.EndsWith("vonage.com", StringComparison.Ordinal) => "vonage",
        _ when host.EndsWith("twilio.com", StringComparison.Ordinal) => "twilio",
        _ when host.EndsWith("plivo.com", StringComparison.Ordinal) => "plivo",
        _ when host.Contains("bulksms", StringComparison.Ordinal) => "bulksms",
        _ => null,
    };

    // "= $ctx.num &" or "\" $ctx.msg \"": whitespace between a delimiter and a placeholder (not between words).
    [GeneratedRegex(@"(?<=[=""\[])[ \t]+(?=\$ctx\.)|(?<=\$ctx\.(?:num|msg|otp))[ \t]+(?=[&""\]}]|$)")]
    private static partial Regex SpacedPlaceholder();

    [GeneratedRegex(@"(?<![\$\w.])ctx\.(num|msg|otp)\b")]
    private static partial Regex BarePlaceholder();
}
