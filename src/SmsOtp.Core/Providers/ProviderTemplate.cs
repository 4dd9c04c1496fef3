namespace SmsOtp.Core.Providers;

/// <summary>
/// A provider resolved from configuration: the request template and how to read its answer. Presets
/// produce one of these; a raw <c>Url</c>/<c>Payload</c> configuration is one already. Every string may hold
/// <c>$ctx.*</c> and <c>{secret:NAME}</c> placeholders.
/// </summary>
/// <remarks>
/// An answer is classified once, by <see cref="ReadAnswer"/> and then the status rule (the expected status is
/// accepted; 408, 429 and 5xx are transient; anything else is a refusal with <see cref="ReadErrorCode"/>'s code).
/// The same verdict drives the in-call retries, the circuit breaker and the chain (<see cref="ProviderResilience"/>),
/// so a "retry later" inside a 200 (Vonage status 1, EAPI code 40) or a 400 (Clickatell code 43) is retried and
/// counted like a 503.
/// </remarks>
internal sealed record ProviderTemplate(
    string Name,
    string Url,
    string Method,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Payload,
    int? ExpectedStatus,
    bool DigitsOnlyNumber,
    TimeSpan Timeout)
{
    /// <summary>
    /// The preset's reading of an answer of any status (status, body): accepted (with the message id), transient or
    /// refused, with the provider's own code. Null when the body says nothing the status does not: the status rule decides.
    /// </summary>
    public Func<int, string, ProviderResult?>? ReadAnswer { get; init; }

    /// <summary>Pulls the provider's own error code out of a failure answer (never its message text).</summary>
    public Func<string, string?>? ReadErrorCode { get; init; }

    /// <summary>Reads the provider's message id out of an answer the status rule accepted.</summary>
    public Func<string, string?>? ReadMessageId { get; init; }

    /// <summary>HTTP Basic credentials (user, password) as templates; rendered then base64-encoded.</summary>
    public (string User, string Password)? BasicAuth { get; init; }

    /// <summary>Re-encodes the message text before it is placed (BulkSMS EAPI wants UCS-2 as hex).</summary>
    public Func<string, string>? EncodeMessage { get; init; }

    /// <summary>
    /// What a preset changes for one message before the template is rendered: fields that depend on the text (Vonage
    /// <c>type</c>, the EAPI's <c>dca</c>) or on the code's <see cref="SmsMessage.Reference"/> (BulkSMS
    /// <c>deduplication-id</c>). It may only add fixed words, digits, or values escaped for where they land.
    /// </summary>
    public Func<ProviderTemplate, SmsMessage, ProviderTemplate>? ForMessage { get; init; }

    /// <summary>The preset this template came from (null for a raw template): how its receipts are read.</summary>
    public string? Preset { get; init; }

    /// <summary>How a receipt of this provider proves itself (spec §8).</summary>
    public ReceiptScheme ReceiptScheme { get; init; } = ReceiptScheme.UrlToken;

    /// <summary>
    /// The receipt secret as a template (<c>{secret:NAME}</c>): the auth token (Twilio, Plivo), the signature secret
    /// (Vonage's <c>SignatureSecret</c>), the URL token (<c>ReceiptToken</c>). Null: this provider's receipts are refused,
    /// except Vonage's, which then rest on the authenticated reference alone.
    /// </summary>
    public string? ReceiptSecret { get; init; }

    /// <summary>Vonage's signature method (<c>md5hash</c>, <c>md5</c>, <c>sha1</c>, <c>sha256</c>, <c>sha512</c>).</summary>
    public string? SignatureMethod { get; init; }

    /// <summary>Adds the per-message callback URL (Twilio <c>StatusCallback</c>, Vonage <c>callback</c>, Plivo <c>url</c>); escaped here.</summary>
    public Func<ProviderTemplate, string, ProviderTemplate>? WithCallback { get; init; }

    /// <summary>
    /// A preset that sends its rendered request its own way (acs: Azure.Core's pipeline with its authentication) instead of
    /// the provider client; it returns the classified answer and may throw what the client throws.
    /// </summary>
    public Func<IServiceProvider, HttpRequestMessage, CancellationToken, Task<ProviderResult>>? Send { get; init; }

    public string? ContentType => Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Every <c>{secret:NAME}</c> this template uses, so start-up can check they exist.</summary>
    public IEnumerable<string> SecretNames =>
        TemplateRenderer.SecretNames(Url)
            .Concat(Headers.SelectMany(h => TemplateRenderer.SecretNames(h.Value)))
            .Concat(TemplateRenderer.SecretNames(Payload))
            .Concat(BasicAuth is { } b ? TemplateRenderer.SecretNames(b.User).Concat(TemplateRenderer.SecretNames(b.Password)) : [])
            .Concat(TemplateRenderer.SecretNames(ReceiptSecret))
            .Distinct(StringComparer.Ordinal);
}
