namespace SmsOtp.Client;

/// <summary>A resend (<c>POST /api/otp/resend</c>): a new code for the challenge; the old one stops working.</summary>
/// <param name="ChallengeId">The challenge id the send returned.</param>
public sealed record ResendRequest(string ChallengeId)
{
    /// <summary>The end user's IP address as the app sees it, for the service's per-IP send limit.</summary>
    public string? ClientIp { get; init; }

    /// <summary>The <c>Idempotency-Key</c> to send; null makes a random one for this call (see <see cref="SendRequest.IdempotencyKey"/>).</summary>
    public string? IdempotencyKey { get; init; }
}
