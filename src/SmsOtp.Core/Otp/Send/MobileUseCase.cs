namespace SmsOtp.Core.Otp.Send;

/// <summary>The number a challenge in <c>mobile_required</c> waits for (spec §2.2), parsed under the challenge's tenant.</summary>
public sealed class MobileUseCase(MobileNumberParser numbers, ChallengeContinuation continuation)
{
    /// <param name="clientIp">The end user's address (the body's <c>clientIp</c>, or the hosted page's connection) for the per-IP limit.</param>
    public async Task<Outcome<SendResponse>> SubmitMobileAsync(ChallengeId id, string? mobile, CancellationToken cancellationToken,
        IdempotentCall? idempotency = null, IPAddress? clientIp = null)
    {
        using var span = SmsOtpTelemetry.StartMobile();
        return await continuation.ContinueAsync(id, SendOperations.Mobile, (challenge, now) =>
        {
            var parsed = numbers.Parse(mobile, challenge.Tenant);
            return Problem.ForMobile(parsed.Status, parsed.Error) is { } refused
                ? (refused, parsed.E164, parsed.Status != MobileParseStatus.Invalid)
                : (challenge.RefuseMobile(now), parsed.E164, false);
        }, idempotency, clientIp, cancellationToken).ConfigureAwait(false);
    }
}
