namespace SmsOtp.Core.Otp.Issuing;

/// <summary>
/// The one home of issuing a code: the fraud guard and the send limits, then the code on the challenge, the
/// row's write (the only one) and the queued SMS. Send, mobile, resend and the receipts' reroute all come here.
/// </summary>
public sealed class CodeIssuer(
    IUserStore store,
    IDeliveryQueue queue,
    ServiceKeys keys,
    TenantOptions<PolicyOptions> policies,
    TimeProvider time,
    SendRateLimiter limiter,
    DestinationGuard guard,
    IdempotentReplay idempotent,
    OtpOutcomes outcomes)
{
    /// <summary>
    /// Checks the send limits, then issues a code on the challenge (a new one for a send), writes the row and
    /// queues the SMS. Nothing is written or queued when a limit refuses.
    /// </summary>
    /// <param name="send">For a send: the request that starts the new challenge; null to issue on <paramref name="challenge"/>.</param>
    internal async Task<Outcome<SendResponse>> IssueAsync(UserKey user, UserRecord record, Challenge? challenge, SendRequest? send, string mobile,
        string operation, SendPermits permits, IdempotentCall? idempotency, CancellationToken cancellationToken, IPAddress? clientIp = null)
    {
        var o = policies.For(user.Tenant);
        var now = time.GetUtcNow();
        var keySet = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        var numberKey = NumberKey.Compute(keySet.HmacKey, mobile);
        var refused = new SendOutcome(operation, user.Tenant, string.Empty, mobile)
        {
            UserKey = record.PartitionKey,
            NumberKey = numberKey[..NumberKey.AuditLength],
        };

        // The fraud guard first (spec §9): in memory, so a suspended destination costs no storage call at all.
        var admitted = guard.Admit(user.Tenant, mobile, now);
        if (admitted.Refused)
        {
            outcomes.Send(refused with { Outcome = ProblemCodes.DestinationSuspended, Detail = admitted.Reason, Destination = admitted.DestinationPrefix });
            return Problem.DestinationSuspended(admitted.RetryAfter);
        }

        if (admitted.Monitored)
        {
            outcomes.Monitored(user.Tenant, record.PartitionKey, operation, admitted.Reason!, MobileMask.Mask(mobile));
        }

        try
        {
            // Rate limits before anything is written or queued: the user's own (on this row), then the shared ones.
            var limit = limiter.CheckUser(record, now);
            if (limit.Allowed)
            {
                var ipKey = (clientIp ?? send?.ClientIp) is { } address ? IpKey.Compute(keySet.Derive(IpKey.Purpose), address) : null;
                limit = await permits.AcquireAsync(user.Tenant, numberKey, ipKey, now, cancellationToken).ConfigureAwait(false);
            }

            if (!limit.Allowed)
            {
                guard.Release(admitted);
                outcomes.Send(refused with { Outcome = ProblemCodes.RateLimited, Detail = limit.Limit });
                return Problem.RateLimited(limit.RetryAfter);
            }

            challenge ??= Challenge.Start(record, o, now, send);
            return await IssueAndQueueAsync(new CodeIssue(user, record, challenge, mobile, operation, keySet, numberKey, now), idempotency, null,
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not sent after all (a write conflict is retried and admitted again; an outage is a 503): not counted.
            guard.Release(admitted);
            throw;
        }
    }

    /// <summary>Issues a code on the challenge, writes the row (the only write) and queues the SMS.</summary>
    /// <param name="startAfter">A reroute: the provider the SMS must not go to first.</param>
    internal async Task<SendResponse> IssueAndQueueAsync(CodeIssue issue, IdempotentCall? idempotency, string? startAfter, CancellationToken cancellationToken)
    {
        var (user, record, challenge, mobile, operation, _, numberKey, now) = issue;
        var o = policies.For(user.Tenant);
        var isNew = string.IsNullOrEmpty(record.ETag.ToString());
        var testCode = TestNumberList.CodeFor(o.TestNumbers, mobile); // spec §15.2: a fixed code, no SMS
        var issued = challenge.IssueCode(mobile, issue.Keys.HmacKey, now, testCode);
        if (startAfter is not null)
        {
            challenge.MarkRerouted();
        }

        var response = new SendResponse(OtpStatuses.Sent)
        {
            ChallengeId = challenge.Id,
            MaskedMobile = MobileMask.Mask(mobile),
            ExpiresAt = issued.ExpiresAt,
            ResendAvailableAt = challenge.ResendAvailableAt(now),
            CodeLength = issued.Code.Length,
        };
        await idempotent.RecordAsync(record, operation, idempotency, response, cancellationToken).ConfigureAwait(false);
        var etag = await WriteAsync(record, isNew, cancellationToken).ConfigureAwait(false);

        if (testCode is null)
        {
            var content = new SmsContent(challenge.Id.Nonce, mobile, issued.Code)
            {
                Tenant = user.Tenant,
                Locale = challenge.Locale ?? (o.LocaleFromNumber ? CountryLanguages.LocaleFor(mobile) : null), // spec §15.4
                Transaction = challenge.Transaction,
                AppHash = challenge.AppHash,
                StartAfter = startAfter,
            };
            await queue.EnqueueAsync(new DeliveryRequest(record.PartitionKey, issued.Version, etag, issued.ExpiresAt, content), cancellationToken)
                .ConfigureAwait(false);
        }

        outcomes.Send(new SendOutcome(operation, user.Tenant, OtpStatuses.Sent, mobile)
        {
            UserKey = record.PartitionKey,
            NumberKey = numberKey[..NumberKey.AuditLength],
            CodeVersion = issued.Version,
            TestNumber = testCode is not null,
        });
        return response;
    }

    /// <summary>Writes the row: inserts a new one, else replaces it on its ETag; the row keeps the new ETag.</summary>
    public async Task<Azure.ETag> WriteAsync(UserRecord record, bool isNew, CancellationToken cancellationToken)
    {
        var etag = isNew
            ? await store.InsertAsync(record, cancellationToken).ConfigureAwait(false)
            : await store.ReplaceAsync(record, record.ETag, cancellationToken).ConfigureAwait(false);
        record.ETag = etag;
        return etag;
    }

    /// <summary>A row for a user the store does not know yet.</summary>
    public static UserRecord NewRecord(UserKey user) =>
        new() { PartitionKey = user.PartitionKey, Tenant = user.Tenant, UserId = user.UserId };
}

/// <summary>What issuing one code needs: who, where, the keys and the number's keyed hash already computed.</summary>
internal sealed record CodeIssue(UserKey User, UserRecord Record, Challenge Challenge, string Mobile, string Operation, KeySet Keys, string NumberKey,
    DateTimeOffset Now);
