namespace SmsOtp.Core.Otp;

/// <summary>
/// The body of <c>GET /api/otp/status</c> (spec §7.3): where a challenge stands, from its row alone. Reading it
/// is never an attempt. <see cref="State"/> is the verification side (<c>awaiting_mobile</c>, <c>pending</c>,
/// <c>verified</c>, <c>expired</c>, <c>attempts_exhausted</c>), <see cref="DeliveryStatus"/> the SMS side
/// (<c>queued</c>, <c>sent</c>, <c>failed</c>; receipts add <c>delivered</c>, <c>undelivered</c>, <c>rerouted</c>).
/// </summary>
public sealed record ChallengeStatusResponse(
    ChallengeId ChallengeId,
    string State,
    string DeliveryStatus,
    DateTimeOffset ExpiresAt,
    int AttemptsRemaining,
    int ResendsRemaining,
    DateTimeOffset ResendAvailableAt)
{
    public string? DeliveryErrorCode { get; init; }

    public string? Provider { get; init; }
}
