using System.Text.Json.Serialization;

namespace SmsOtp.Core.Otp;

/// <summary>
/// What one code's SMS carries, fixed once when the code is issued: the challenge it belongs to, the number and the
/// code, the tenant whose providers and texts it uses, and what the SMS says besides (spec §10: locale, payment
/// transaction, app hash) or where a reroute starts (spec §8). The same record travels the whole way: the queue seals
/// it as it is (these JSON names are the sealed payload's wire format, readable in messages queued by earlier
/// versions), and the delivery hands it to the provider chain inside its <c>SmsMessage</c>.
/// </summary>
public sealed record SmsContent(
    [property: JsonPropertyName("n")] string ChallengeNonce,
    [property: JsonPropertyName("to")] string Mobile,
    [property: JsonPropertyName("code")] string Code)
{
    /// <summary>
    /// The tenant, resolved by the issuer from the user's row. The default stands only for a message queued before
    /// tenants existed (no <c>t</c> on the wire); nothing downstream defaults it again.
    /// </summary>
    [JsonPropertyName("t")]
    public string Tenant { get; init; } = Common.TenantNames.Default;

    [JsonPropertyName("l")]
    public string? Locale { get; init; }

    [JsonPropertyName("tx")]
    public PaymentTransaction? Transaction { get; init; }

    [JsonPropertyName("ah")]
    public string? AppHash { get; init; }

    /// <summary>A reroute (spec §8): the provider that reported the previous code undelivered; the chain starts after it.</summary>
    [JsonPropertyName("ra")]
    public string? StartAfter { get; init; }

    public override string ToString() => $"SMS content to {Phone.MobileMask.Mask(Mobile)}";
}
