namespace SmsOtp.Core.Providers;

/// <summary>
/// A provider resolved from configuration: the request template and how to read its answer. Presets
/// produce one of these; a raw <c>Url</c>/<c>Payload</c> configuration is one already. Every string may hold
/// <c>$ctx.*</c> and <c>{secret:NAME}</c> placeholders.
/// </summary>
public sealed record ProviderTemplate(
    string Name,
    string Url,
    string Method,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Payload,
    int? ExpectedStatus,
    bool DigitsOnlyNumber,
    TimeSpan Timeout)
{
    /// <summary>Reads a success status's body for a failure the provider reports in it (Vonage, BulkSMS).</summary>
    public Func<int, string, ProviderResult?>? ReadBody { get; init; }

    /// <summary>Pulls the provider's own error code out of a failure answer (never its message text).</summary>
    public Func<string, string?>? ReadErrorCode { get; init; }

    /// <summary>HTTP Basic credentials (user, password) as templates; rendered then base64-encoded.</summary>
    public (string User, string Password)? BasicAuth { get; init; }

    /// <summary>Re-encodes the message text before it is placed (BulkSMS EAPI wants UCS-2 as hex).</summary>
    public Func<string, string>? EncodeMessage { get; init; }

    public string? ContentType => Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Every <c>{secret:NAME}</c> this template uses, so start-up can check they exist.</summary>
    public IEnumerable<string> SecretNames =>
        TemplateRenderer.SecretNames(Url)
            .Concat(Headers.SelectMany(h => TemplateRenderer.SecretNames(h.Value)))
            .Concat(TemplateRenderer.SecretNames(Payload))
            .Concat(BasicAuth is { } b ? TemplateRenderer.SecretNames(b.User).Concat(TemplateRenderer.SecretNames(b.Password)) : [])
            .Distinct(StringComparer.Ordinal);
}
