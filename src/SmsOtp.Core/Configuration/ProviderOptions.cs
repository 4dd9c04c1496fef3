namespace SmsOtp.Core.Configuration;

/// <summary>
/// One SMS provider, <c>SmsOtp:Providers:&lt;n&gt;</c>: WSO2's "SMS OTP Configuration" of the IdP,
/// a request template (spec §6).
/// </summary>
public sealed class ProviderOptions
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
}
