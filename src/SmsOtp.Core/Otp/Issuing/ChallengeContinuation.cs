namespace SmsOtp.Core.Otp.Issuing;

/// <summary>
/// Mobile and resend: a new code on the challenge the id names, if it allows one now. A resend is counted
/// on the challenge before its code is issued (failure counts stay).
/// </summary>
public sealed class ChallengeContinuation(
    IUserStore store,
    TenantOptions<PolicyOptions> policies,
    TimeProvider time,
    SendRateLimiter limiter,
    IdempotentReplay idempotent,
    CodeIssuer issuer,
    OtpOutcomes outcomes)
{
    /// <param name="decide">The challenge's answer: a refusal (audited when it concerns the number given), or the number to send the new code to.</param>
    public Task<Outcome<SendResponse>> ContinueAsync(ChallengeId id, string operation,
        Func<Challenge, DateTimeOffset, (ApiProblem? Problem, string? Mobile, bool Audited)> decide, IdempotentCall? idempotency, IPAddress? clientIp,
        CancellationToken cancellationToken)
    {
        var permits = limiter.BeginRequest();
        return OptimisticConcurrency.RunAsync(async () =>
        {
            var record = await store.GetAsync(id.PartitionKey, cancellationToken).ConfigureAwait(false);
            if (Challenge.Find(record, id, policies) is not { } challenge)
            {
                outcomes.Count(operation, string.Empty, ProblemCodes.ChallengeNotFound);
                return (Outcome<SendResponse>)Problem.ChallengeNotFound();
            }

            var now = time.GetUtcNow();
            if (await idempotent.ReplayAsync(record, operation, idempotency, now, cancellationToken).ConfigureAwait(false) is { } replay)
            {
                return replay;
            }

            var (problem, mobile, audited) = decide(challenge, now);
            if (problem is not null)
            {
                outcomes.Send(new SendOutcome(operation, challenge.Tenant, problem.Code, mobile ?? challenge.Mobile) { UserKey = audited ? id.PartitionKey : null });
                return problem;
            }

            if (operation == SendOperations.Resend)
            {
                challenge.CountResend();
            }

            return await issuer.IssueAsync(new UserKey(record!.Tenant, record.UserId), record, challenge, null, mobile!, operation, permits, idempotency,
                cancellationToken, clientIp).ConfigureAwait(false);
        }, cancellationToken);
    }
}
