namespace SmsOtp.Migrate.Config;

/// <summary>
/// Recognises the five gateways the SMSOTP connector documents (Vonage/Nexmo, Clickatell, Plivo, BulkSMS,
/// Twilio) by the SMS URL's host and turns the template into the service's preset: <c>Preset</c>, <c>From</c>,
/// <c>BaseUrl</c> when the host is not the preset's, and the names of the Key Vault secrets the preset reads
/// (<c>&lt;preset&gt;-api-key</c>, ...; spec §6). A set-up a preset would change the API of (Clickatell's
/// legacy <c>api.clickatell.com</c>) is left to the generic template.
/// </summary>
public static class PresetConverter
{
    public static bool TryConvert(GatewayRequest r, string key, HashSet<string> usedPrefixes, ConversionResult result)
    {
        var path = "/" + string.Join('/', r.PathSegments);
        var preset = r.Host switch
        {
            "rest.nexmo.com" => "vonage",
            "api.twilio.com" => "twilio",
            "api.plivo.com" => "plivo",
            "platform.clickatell.com" => "clickatell",
            "api.bulksms.com" when path.StartsWith("/v1/", StringComparison.OrdinalIgnoreCase) => "bulksms",
            _ when r.Host.Contains("bulksms", StringComparison.Ordinal) && path.Contains("/eapi/", StringComparison.OrdinalIgnoreCase) => "bulksms-eapi",
            _ => null,
        };
        if (preset is null)
        {
            if (r.Host == "api.clickatell.com")
            {
                result.Info(key + "Url", "Clickatell's legacy API (api.clickatell.com) is kept as a generic template: the clickatell preset speaks the Platform API (platform.clickatell.com), whose API key is a different credential. Move to it by creating a Platform integration and setting Preset clickatell");
            }

            return false;
        }

        var defaultHost = preset switch
        {
            "vonage" => "rest.nexmo.com",
            "twilio" => "api.twilio.com",
            "plivo" => "api.plivo.com",
            "clickatell" => "platform.clickatell.com",
            "bulksms" => "api.bulksms.com",
            _ => "bulksms.vsms.net",
        };

        var prefix = preset;
        for (var n = 2; !usedPrefixes.Add(prefix); n++)
        {
            prefix = preset + "-" + n;
        }

        result.Settings.Set(key + "Preset", preset);
        if (r.Authority != defaultHost || r.Scheme != "https")
        {
            result.Settings.Set(key + "BaseUrl", r.Scheme + "://" + r.Authority);
        }

        if (prefix != preset)
        {
            result.Settings.Set(key + "SecretPrefix", prefix);
        }

        var basic = r.Header("Authorization") is { } auth && auth.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
            ? "the Authorization header (Basic: base64 of {0}:{1}; the part after the colon)"
            : null;
        string[] sent;
        switch (preset)
        {
            case "vonage":
                From(r.Field("from"), required: true);
                Secret("api-key", r.Field("api_key") is null ? null : "the api_key parameter of the WSO2 request");
                Secret("api-secret", r.Field("api_secret") is null ? null : "the api_secret parameter of the WSO2 request");
                sent = ["api_key", "api_secret", "from", "to", "text", "type"];
                result.Info(key + "Preset", "vonage POSTs the same fields as a form (WSO2's template put them into the URL), adds type=unicode so any script survives, and reads the status Vonage returns inside a 200 answer");
                break;
            case "twilio":
                From(r.Field("From") ?? r.Field("MessagingServiceSid"), required: true);
                Secret("account-sid", AccountInPath("Accounts") ? "the AccountSID in the SMS URL path" : null);
                Secret("auth-token", basic is null ? null : string.Format(System.Globalization.CultureInfo.InvariantCulture, basic, "AccountSID", "AuthToken"));
                sent = ["To", "From", "MessagingServiceSid", "Body"];
                if (r.PathSegments.Any(s => s.Equals("SMS", StringComparison.OrdinalIgnoreCase)))
                {
                    result.Info(key + "Preset", "WSO2's template used Twilio's deprecated /SMS/Messages.json resource; the twilio preset posts the same fields with the same credentials to /Messages.json");
                }

                break;
            case "plivo":
                From(r.Field("src"), required: true);
                Secret("auth-id", AccountInPath("Account") ? "the auth_id in the SMS URL path" : null);
                Secret("auth-token", basic is null ? null : string.Format(System.Globalization.CultureInfo.InvariantCulture, basic, "auth_id", "auth_token"));
                sent = ["src", "dst", "text"];
                break;
            case "clickatell":
                From(r.Field("from"), required: false);
                Secret("api-key", r.Header("Authorization") is null ? null : "the Authorization header (the integration's API key)");
                sent = ["content", "to", "from"];
                break;
            case "bulksms":
                From(r.Field("from"), required: false);
                Secret("username", basic is null ? null : string.Format(System.Globalization.CultureInfo.InvariantCulture, basic, "username", "password").Replace("the part after the colon", "the part before the colon", StringComparison.Ordinal));
                Secret("password", basic is null ? null : string.Format(System.Globalization.CultureInfo.InvariantCulture, basic, "username", "password"));
                sent = ["to", "body", "from", "encoding"];
                break;
            default:
                From(r.Field("sender"), required: false);
                Secret("username", r.Field("username") is null ? null : "the username parameter of the WSO2 request");
                Secret("password", r.Field("password") is null ? null : "the password parameter of the WSO2 request");
                sent = ["username", "password", "msisdn", "message", "sender", "dca"];
                result.Info(key + "Preset", "bulksms-eapi posts the same fields as a form (WSO2's template put them into the URL) and sends the message as UCS-2 (dca=16bit), so any script survives; a non-zero status in BulkSMS's 200 answer counts as a refusal");
                break;
        }

        foreach (var field in r.FieldNames().Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!sent.Contains(field, StringComparer.OrdinalIgnoreCase))
            {
                result.Warn(key + "Preset", $"the WSO2 request's field '{field}' is not sent by the {preset} preset (convert with --no-presets to keep WSO2's template as it is)");
            }
        }

        foreach (var (header, _) in r.Headers)
        {
            if (!header.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && !header.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
                && !header.Equals("Accept", StringComparison.OrdinalIgnoreCase))
            {
                result.Warn(key + "Preset", $"the WSO2 request's header '{header}' is not sent by the {preset} preset");
            }
        }

        if (r.HttpResponse is { } code)
        {
            result.Info(key + "Preset", $"WSO2 expected HTTP {code}; the preset knows the provider's success and failure answers itself");
        }

        return true;

        void From(string? value, bool required)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Contains("$ctx", StringComparison.Ordinal))
            {
                if (required)
                {
                    result.Warn(key + "From", $"the {preset} preset needs the sender (a number or sender id) and none was found in the WSO2 request; set it");
                }

                return;
            }

            if (value.Contains('#', StringComparison.Ordinal) || value.Contains('{', StringComparison.Ordinal))
            {
                result.Warn(key + "From", $"'{value}' looks like a placeholder from WSO2's documentation rather than a sender; check it");
            }

            result.Settings.Set(key + "From", value);
        }

        void Secret(string part, string? foundIn) =>
            result.RequireSecret(prefix + "-" + part, foundIn ?? $"not in the WSO2 set-up: take it from the {preset} console");

        bool AccountInPath(string segment)
        {
            var index = r.PathSegments.ToList().FindIndex(s => s.Equals(segment, StringComparison.OrdinalIgnoreCase));
            return index >= 0 && index + 1 < r.PathSegments.Count;
        }
    }
}
