using Azure;

namespace SmsOtp.Core.Otp;

/// <summary>
/// A code to deliver: the row, challenge and code version it belongs to, the ETag the send wrote (so the
/// first delivery attempt can claim the code without a read), its expiry, and the number and code, which
/// the queue seals before they leave the process.
/// </summary>
public sealed record DeliveryRequest(
    string PartitionKey,
    string ChallengeNonce,
    int CodeVersion,
    ETag ETag,
    DateTimeOffset ExpiresAt,
    string Mobile,
    string Code)
{
    /// <summary>The tenant whose providers and texts the SMS uses.</summary>
    public string Tenant { get; init; } = Common.TenantNames.Default;

    /// <summary>What the SMS says besides the code (spec §10): the locale, a payment transaction, an app hash.</summary>
    public string? Locale { get; init; }

    public PaymentTransaction? Transaction { get; init; }

    public string? AppHash { get; init; }

    /// <summary>A reroute (spec §8): start with the provider after this one.</summary>
    public string? StartAfter { get; init; }
}
