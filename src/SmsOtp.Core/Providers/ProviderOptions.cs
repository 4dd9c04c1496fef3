namespace SmsOtp.Core.Providers;

/// <summary>
/// One SMS provider, <c>SmsOtp:Providers:&lt;n&gt;</c>: WSO2's "SMS OTP Configuration" of the IdP,
/// a request template (spec §6).
/// </summary>
public sealed partial class ProviderOptions
{
    /// <summary>A label for logs and metrics.</summary>
    public string? Name { get; set; }

    /// <summary>A named preset (vonage, clickatell, plivo, bulksms, twilio) instead of a raw template.</summary>
    public string? Preset { get; set; }

    /// <summary>Overrides a preset's API base address (tests, regional endpoints).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Sender id or number, for presets.</summary>
    public string? From { get; set; }

    /// <summary>
    /// For presets: the start of the names of the provider's secrets (default: the preset's name), e.g.
    /// <c>twilio</c> reads <c>twilio-account-sid</c> and <c>twilio-auth-token</c>. Two accounts of one provider
    /// use two prefixes.
    /// </summary>
    public string? SecretPrefix { get; set; }

    /// <summary>
    /// For presets whose provider has several APIs: which one. <c>clickatell</c>: <c>one</c> (default, the current One API,
    /// <c>POST /v1/message</c>) or <c>platform</c> (the archived Platform API, <c>POST /messages</c>).
    /// </summary>
    public string? ApiVersion { get; set; }

    /// <summary>
    /// Receipts (spec §8), Vonage: the signature secret of signed webhooks, as <c>{secret:NAME}</c>. Without it a Vonage
    /// receipt rests on the authenticated reference in its callback URL alone.
    /// </summary>
    public string? SignatureSecret { get; set; }

    /// <summary>Vonage's signature method: <c>md5hash</c> (default), <c>md5</c>, <c>sha1</c>, <c>sha256</c> or <c>sha512</c>.</summary>
    public string? SignatureMethod { get; set; }

    /// <summary>
    /// Receipts (spec §8), Clickatell, BulkSMS and raw templates: the token the receipt URL carries (<c>?token=</c>), as
    /// <c>{secret:NAME}</c>. Without it their receipts are refused.
    /// </summary>
    public string? ReceiptToken { get; set; }

    /// <summary>acs (spec §14): the resource's endpoint, <c>https://&lt;resource&gt;.communication.azure.com</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>acs: the secret holding <c>endpoint=...;accesskey=...</c> (requests then signed with it); empty: managed identity.</summary>
    public string? ConnectionStringSecret { get; set; }

    /// <summary>acs: the client id of the user-assigned identity to send as; empty: <c>DefaultAzureCredential</c>.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>acs: whether Event Grid delivery reports are wired to the receipt queue (asks ACS for them, keeps the message id).</summary>
    public bool DeliveryReports { get; set; } = true;

    public string? Url { get; set; }
    public string Method { get; set; } = "POST";

    /// <summary>WSO2's header string: <c>Name: Value,Name: Value</c>.</summary>
    public string? Headers { get; set; }

    public string? Payload { get; set; }

    /// <summary>Expected status code; empty means 200, 201 or 202.</summary>
    public string? HttpResponseCode { get; set; }

    /// <summary><c>e164</c> (default, <c>+94...</c>) or <c>digits</c> (<c>94...</c>).</summary>
    public string NumberFormat { get; set; } = "e164";

    public int TimeoutSeconds { get; set; } = 10;

    public string DisplayName(int index) => string.IsNullOrWhiteSpace(Name) ? (Preset ?? $"provider{index}") : Name!;

    /// <summary>The rules of one entry; messages carry the full key prefix (<c>SmsOtp:Providers:0:</c>).</summary>
    public IEnumerable<string> Validate(string prefix)
    {
        if (!string.IsNullOrWhiteSpace(Preset))
        {
            foreach (var error in ProviderPresets.Validate(this, prefix))
            {
                yield return error;
            }
        }
        else if (string.IsNullOrWhiteSpace(Url))
        {
            yield return $"{prefix}Url is required when no Preset is set.";
        }
        else if (!string.IsNullOrWhiteSpace(ApiVersion))
        {
            yield return $"{prefix}ApiVersion applies to presets only.";
        }
        else if (!Uri.TryCreate(Url.Replace("$ctx.", "ctx-", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                 || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            yield return $"{prefix}Url must be an absolute http(s) URL.";
        }

        if (!string.Equals(Method, "GET", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{prefix}Method must be GET or POST (was '{Method}').";
        }

        if (!string.Equals(NumberFormat, "e164", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(NumberFormat, "digits", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{prefix}NumberFormat must be e164 or digits (was '{NumberFormat}').";
        }

        if (TimeoutSeconds is < 1 or > 120)
        {
            yield return $"{prefix}TimeoutSeconds must be between 1 and 120 (was {TimeoutSeconds}).";
        }

        if (!string.IsNullOrWhiteSpace(HttpResponseCode)
            && (!int.TryParse(HttpResponseCode, out var code) || code is < 100 or > 599))
        {
            yield return $"{prefix}HttpResponseCode must be an HTTP status code (was '{HttpResponseCode}').";
        }

        foreach (var (key, value) in new[] { (nameof(SignatureSecret), SignatureSecret), (nameof(ReceiptToken), ReceiptToken) })
        {
            if (value is not null && !SecretReference().IsMatch(value))
            {
                yield return $"{prefix}{key} must be a secret reference, {{secret:NAME}} (was not).";
            }
        }

        if (SignatureMethod is not null && SignatureMethod.Trim().ToLowerInvariant() is not ("md5hash" or "md5" or "sha1" or "sha256" or "sha512"))
        {
            yield return $"{prefix}SignatureMethod must be md5hash, md5, sha1, sha256 or sha512 (was '{SignatureMethod}').";
        }

        if (!string.IsNullOrWhiteSpace(Headers) && !HeaderList.TryParse(Headers, out _))
        {
            yield return $"{prefix}Headers must be 'Name: Value,Name: Value'.";
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\{secret:[A-Za-z0-9_.\-]{1,127}\}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SecretReference();
}
