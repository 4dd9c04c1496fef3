namespace SmsOtp.Client;

/// <summary>The number a <see cref="SendStatus.MobileRequired"/> challenge waits for (<c>POST /api/otp/mobile</c>).</summary>
/// <param name="ChallengeId">The challenge id the send returned.</param>
/// <param name="Mobile">The number the user typed: E.164, digits with the country code first, or national with the service's default region.</param>
public sealed record MobileRequest(string ChallengeId, string Mobile)
{
    /// <summary>The end user's IP address as the app sees it, for the service's per-IP send limit.</summary>
    public string? ClientIp { get; init; }

    /// <summary>The <c>Idempotency-Key</c> to send; null makes a random one for this call (see <see cref="SendRequest.IdempotencyKey"/>).</summary>
    public string? IdempotencyKey { get; init; }
}
