namespace SmsOtp.Core.Otp.Idempotency;

/// <summary>
/// Keyed calls (spec §7.2) on the row: the answer a call writes with its row, and the answer to a repeat.
/// </summary>
public sealed class IdempotentReplay(ServiceKeys keys, TenantOptions<PolicyOptions> policies, OtpOutcomes outcomes)
{
    /// <summary>Notes a keyed call's answer on the row, to be written with it.</summary>
    public async Task RecordAsync(UserRecord record, string operation, IdempotentCall? idempotency, SendResponse response, CancellationToken cancellationToken)
    {
        if (idempotency is not null)
        {
            var key = IdempotencyLog.FingerprintKey(await keys.GetAsync(cancellationToken).ConfigureAwait(false));
            IdempotencyLog.Record(record, operation, idempotency, key, response);
        }
    }

    /// <summary>
    /// The answer to a repeat of a keyed call: the first answer while its challenge is still open
    /// (no new code, no second SMS, no limit charged again), 422 for the key with another request, or null
    /// to go on as a new call (no key, a new key, or the challenge ended).
    /// </summary>
    public async Task<Outcome<SendResponse>?> ReplayAsync(UserRecord? record, string operation, IdempotentCall? idempotency, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (record is null || idempotency is null)
        {
            return null;
        }

        var key = IdempotencyLog.FingerprintKey(await keys.GetAsync(cancellationToken).ConfigureAwait(false));
        var (answer, reused) = IdempotencyLog.Find(record, operation, idempotency, key);
        if (reused)
        {
            outcomes.Count(operation, record.Tenant, ProblemCodes.IdempotencyKeyReused);
            return Problem.IdempotencyKeyReused();
        }

        if (answer is { ChallengeId: { } id } first
            && Challenge.Find(record, id, policies)?.StatusAt(now) is ChallengeStatus.Pending or ChallengeStatus.AwaitingMobile)
        {
            return first;
        }

        return null;
    }
}
