namespace SmsOtp.Core.Providers.Presets;

/// <summary>
/// What a preset builds its template from: the entry's label, base address, sender, secret prefix and timeout,
/// and the provider's API version where it has several (Clickatell).
/// </summary>
public sealed record PresetInput(string Name, string BaseUrl, string? From, string SecretPrefix, TimeSpan Timeout, string? ApiVersion = null)
{
    /// <summary>The whole entry, for a preset with keys of its own (acs: <c>Endpoint</c>, <c>ConnectionStringSecret</c>).</summary>
    public ProviderOptions? Entry { get; init; }

    /// <summary>The placeholder of one of the provider's secrets: <c>{secret:&lt;prefix&gt;-&lt;part&gt;}</c>.</summary>
    public string Secret(string part) => "{secret:" + SecretPrefix + "-" + part + "}";

    /// <summary>The sender, escaped for where it lands (it is configuration, not a placeholder value).</summary>
    public string FromFor(TemplateContext context) => TemplateRenderer.Escape(From ?? "", context);
}
