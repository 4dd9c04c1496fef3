namespace SmsOtp.Migrate.Config;

/// <summary>
/// The SMS OTP authenticator of one WSO2 identity provider: its properties as <c>{key, value}</c>
/// (<c>sms_url</c>, <c>http_method</c>, <c>headers</c>, <c>payload</c>, <c>http_response</c>, ...).
/// </summary>
public sealed record SmsGateway(string? IdpName, bool Enabled, IReadOnlyDictionary<string, string> Properties)
{
    public string? Get(string key) => Properties.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
}
