using System.Text.Json.Serialization;
using SmsOtp.Core.Otp;

namespace SmsOtp.Core.Delivery;

/// <summary>
/// The sealed part of a <see cref="DeliveryMessage"/>: the number and the code, and what the SMS says besides
/// (the tenant, locale, payment transaction and app hash), all private to the service.
/// </summary>
public sealed record DeliveryPayload(
    [property: JsonPropertyName("n")] string ChallengeNonce,
    [property: JsonPropertyName("to")] string Mobile,
    [property: JsonPropertyName("code")] string Code)
{
    [JsonPropertyName("t")]
    public string? Tenant { get; init; }

    [JsonPropertyName("l")]
    public string? Locale { get; init; }

    [JsonPropertyName("tx")]
    public PaymentTransaction? Transaction { get; init; }

    [JsonPropertyName("ah")]
    public string? AppHash { get; init; }

    /// <summary>A reroute (spec §8): the provider that reported the previous code undelivered.</summary>
    [JsonPropertyName("ra")]
    public string? StartAfter { get; init; }
}
