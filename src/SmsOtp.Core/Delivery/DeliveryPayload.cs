using System.Text.Json.Serialization;

namespace SmsOtp.Core.Delivery;

/// <summary>The sealed part of a <see cref="DeliveryMessage"/>.</summary>
public sealed record DeliveryPayload(
    [property: JsonPropertyName("n")] string ChallengeNonce,
    [property: JsonPropertyName("to")] string Mobile,
    [property: JsonPropertyName("code")] string Code);
