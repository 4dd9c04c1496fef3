namespace SmsOtp.Core.Providers.Presets;

/// <summary>
/// What a preset builds its template from: the entry's label, base address, sender, secret prefix and timeout,
/// and the provider's API version where it has several (Clickatell).
/// </summary>
internal sealed record PresetInput(string Name, string BaseUrl, string? From, string SecretPrefix, TimeSpan Timeout, string? ApiVersion = null)
{
    /// <summary>The headers of a JSON API (Plivo, Clickatell, BulkSMS, ACS).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> JsonHeaders { get; } = [new("Content-Type", "application/json"), new("Accept", "application/json")];

    /// <summary>The headers of an API that takes a UTF-8 form and answers JSON (Twilio, Vonage).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> FormHeaders { get; } =
        [new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), new("Accept", "application/json")];

    /// <summary>The whole entry, for a preset with keys of its own (acs: <c>Endpoint</c>, <c>ConnectionStringSecret</c>).</summary>
    public ProviderOptions? Entry { get; init; }

    /// <summary>The placeholder of one of the provider's secrets: <c>{secret:&lt;prefix&gt;-&lt;part&gt;}</c>.</summary>
    public string Secret(string part) => "{secret:" + SecretPrefix + "-" + part + "}";

    /// <summary>The sender, escaped for where it lands (it is configuration, not a placeholder value).</summary>
    public string FromFor(TemplateContext context) => TemplateRenderer.Escape(From ?? "", context);

    /// <summary>A JSON body's <c>,"from":"…"</c> member when the entry names a sender; empty when it does not.</summary>
    public string JsonFromMember => string.IsNullOrEmpty(From) ? "" : ",\"from\":\"" + FromFor(TemplateContext.Json) + "\"";

    /// <summary>
    /// The preset's request: a POST of <paramref name="payload"/>, under the entry's name and timeout. Without
    /// <paramref name="expectedStatus"/> the status rule accepts 200, 201 and 202.
    /// </summary>
    public ProviderTemplate Post(string url, IReadOnlyList<KeyValuePair<string, string>> headers, string payload, int? expectedStatus = null, bool digitsOnlyNumber = false) =>
        new(Name, url, "POST", headers, payload, expectedStatus, digitsOnlyNumber, Timeout);
}
