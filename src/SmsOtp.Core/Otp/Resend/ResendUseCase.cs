namespace SmsOtp.Core.Otp.Resend;

/// <summary>A new code on an open challenge, when its policy and its resend timing allow one.</summary>
public sealed class ResendUseCase(TenantOptions<PolicyOptions> policies, ChallengeContinuation continuation, OtpOutcomes outcomes)
{
    /// <param name="id">Null for an id that did not parse: 403 when resend is off everywhere, else 404.</param>
    /// <param name="clientIp">The end user's address (the body's <c>clientIp</c>, or the hosted page's connection) for the per-IP limit.</param>
    public async Task<Outcome<SendResponse>> ResendAsync(ChallengeId? id, CancellationToken cancellationToken, IdempotentCall? idempotency = null,
        IPAddress? clientIp = null)
    {
        using var span = SmsOtpTelemetry.StartResend();
        if (id is null)
        {
            var problem = policies.Global.ResendEnable ? Problem.ChallengeNotFound() : Problem.ResendDisabled();
            outcomes.Count(SendOperations.Resend, string.Empty, problem.Code);
            return problem;
        }

        return await continuation.ContinueAsync(id, SendOperations.Resend,
            (challenge, now) => (policies.For(challenge.Tenant).ResendEnable ? challenge.RefuseResend(now) : Problem.ResendDisabled(), challenge.Mobile, false),
            idempotency, clientIp, cancellationToken).ConfigureAwait(false);
    }
}
