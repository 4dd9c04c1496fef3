namespace SmsOtp.Core.Configuration;

/// <summary>Checks one provider entry; messages carry the full key prefix (<c>SmsOtp:Providers:0:</c>).</summary>
public static class ProviderOptionsValidator
{
    public static IEnumerable<string> Validate(ProviderOptions p, string prefix)
    {
        if (!string.IsNullOrWhiteSpace(p.Preset))
        {
            foreach (var error in Delivery.ProviderPresets.Validate(p, prefix))
            {
                yield return error;
            }
        }
        else if (string.IsNullOrWhiteSpace(p.Url))
        {
            yield return $"{prefix}Url is required when no Preset is set.";
        }
        else if (!Uri.TryCreate(p.Url.Replace("$ctx.", "ctx-", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                 || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            yield return $"{prefix}Url must be an absolute http(s) URL.";
        }

        if (!string.Equals(p.Method, "GET", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(p.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{prefix}Method must be GET or POST (was '{p.Method}').";
        }

        if (!string.Equals(p.NumberFormat, "e164", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(p.NumberFormat, "digits", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{prefix}NumberFormat must be e164 or digits (was '{p.NumberFormat}').";
        }

        if (p.TimeoutSeconds is < 1 or > 120)
        {
            yield return $"{prefix}TimeoutSeconds must be between 1 and 120 (was {p.TimeoutSeconds}).";
        }

        if (!string.IsNullOrWhiteSpace(p.HttpResponseCode)
            && (!int.TryParse(p.HttpResponseCode, out var code) || code is < 100 or > 599))
        {
            yield return $"{prefix}HttpResponseCode must be an HTTP status code (was '{p.HttpResponseCode}').";
        }

        if (!string.IsNullOrWhiteSpace(p.Headers) && !Delivery.HeaderList.TryParse(p.Headers, out _))
        {
            yield return $"{prefix}Headers must be 'Name: Value,Name: Value'.";
        }
    }
}
