using System.Text.Json;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Audit;
using SmsOtp.Core.Common;
using SmsOtp.Core.FraudGuard;
using SmsOtp.Core.Messages;
using SmsOtp.Core.Phone;
using SmsOtp.Core.Policy;
using SmsOtp.Core.Problems;
using SmsOtp.Core.RateLimiting;
using SmsOtp.Core.Security;
using SmsOtp.Core.Storage;
using SmsOtp.Core.Telemetry;
using SmsOtp.Core.TestNumbers;
using SmsOtp.Core.Users;

namespace SmsOtp.Core.Otp;

/// <summary>
/// The SMS OTP step: send (spec §3's decision table), mobile capture, verify, resend, and the hosted pages'
/// result. Each is read the row, decide through <see cref="Challenge"/>, write the row conditionally
/// (ETag), retried on conflict, so every limit holds under parallel requests.
/// </summary>
public sealed partial class OtpService(
    IUserStore store,
    IDeliveryQueue queue,
    ServiceKeys keys,
    MobileNumberParser numbers,
    TenantOptions<PolicyOptions> policies,
    TimeProvider time,
    SendRateLimiter limiter,
    ResultTokens results,
    DestinationGuard guard,
    AuditLog audit,
    ILogger<OtpService> logger)
{
    private const string OpSend = "send";
    private const string OpMobile = "mobile";
    private const string OpResend = "resend";

    /// <param name="idempotency">With an <c>Idempotency-Key</c>: a repeat while the challenge is open answers as the first call did.</param>
    public Task<Outcome<SendResponse>> SendAsync(UserKey user, CancellationToken cancellationToken, IdempotentCall? idempotency = null) =>
        SendAsync(new SendRequest(user), cancellationToken, idempotency);

    /// <param name="idempotency">With an <c>Idempotency-Key</c>: a repeat while the challenge is open answers as the first call did.</param>
    public async Task<Outcome<SendResponse>> SendAsync(SendRequest send, CancellationToken cancellationToken, IdempotentCall? idempotency = null)
    {
        using var span = SmsOtpTelemetry.StartSend();
        var user = send.User.WithIgnoreCase(policies.For(send.User.Tenant).CaseInsensitiveUserIds);
        send = send with { User = user };
        if (CodeSettings.Refuse(send, policies.For(user.Tenant)) is { } refused)
        {
            return refused;
        }

        var permits = limiter.BeginRequest();
        return await OptimisticConcurrency.RunAsync(async () =>
        {
            var o = policies.For(user.Tenant);
            var record = await store.GetAsync(user.PartitionKey, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (await ReplayAsync(record, OpSend, idempotency, now, cancellationToken).ConfigureAwait(false) is { } replay)
            {
                return replay;
            }
            if (record is not null && AccountLock.ActiveUntil(record, now) is { } until)
            {
                LogSendRefusedLocked(logger, user.PartitionKey);
                audit.Send(user.Tenant, user.PartitionKey, OpSend, ProblemCodes.AccountLocked, MobileMask.Mask(record.Mobile), string.Empty);
                SmsOtpTelemetry.RecordSend(OpSend, user.Tenant, ProblemCodes.AccountLocked, record.Mobile);
                return (Outcome<SendResponse>)Problem.Locked(until);
            }

            if (record is { HasProfile: true })
            {
                if (record.SmsOtpDisabled && o.EnableByUserClaim && !o.Mandatory)
                {
                    SmsOtpTelemetry.RecordSend(OpSend, user.Tenant, OtpStatuses.Skipped, null);
                    return Skipped(OtpStatuses.ReasonDisabledByUser);
                }

                if (record.Mobile is { } mobile)
                {
                    // The number may predate the entry rules (country list, blocked types): they hold for a stored one too.
                    if (numbers.Check(mobile, user.Tenant) is var check and not MobileParseStatus.Valid and not MobileParseStatus.Invalid)
                    {
                        var refusal = check == MobileParseStatus.CountryNotAllowed ? Problem.StoredNumberCountryNotAllowed() : Problem.StoredNumberTypeNotAllowed();
                        audit.Send(user.Tenant, user.PartitionKey, OpSend, refusal.Code, MobileMask.Mask(mobile), string.Empty);
                        SmsOtpTelemetry.RecordSend(OpSend, user.Tenant, refusal.Code, mobile);
                        return refusal;
                    }

                    return await IssueAsync(user, record, challenge: null, send, mobile, OpSend, permits, idempotency, cancellationToken).ConfigureAwait(false);
                }

                if (o.Mandatory && o.CaptureAndUpdateMobileNumber)
                {
                    return await AwaitMobileAsync(send, record, Challenge.ModeCapture, OtpStatuses.ReasonCapture, idempotency, cancellationToken)
                        .ConfigureAwait(false);
                }

                SmsOtpTelemetry.RecordSend(OpSend, user.Tenant, o.Mandatory ? ProblemCodes.MobileNotRegistered : OtpStatuses.Skipped, null);
                return o.Mandatory ? Problem.MobileNotRegistered() : Skipped(OtpStatuses.ReasonNoMobile);
            }

            if (o.Mandatory && o.SendOtpDirectlyToMobile)
            {
                return await AwaitMobileAsync(send, record, Challenge.ModeDirect, OtpStatuses.ReasonDirect, idempotency, cancellationToken).ConfigureAwait(false);
            }

            SmsOtpTelemetry.RecordSend(OpSend, user.Tenant, o.Mandatory ? ProblemCodes.UserNotFound : OtpStatuses.Skipped, null);
            return o.Mandatory ? Problem.UnknownUserOnSend() : Skipped(OtpStatuses.ReasonUserNotFound);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The number a challenge in <c>mobile_required</c> waits for (spec §2.2), parsed under the challenge's tenant.</summary>
    /// <param name="clientIp">The end user's address (the body's <c>clientIp</c>, or the hosted page's connection) for the per-IP limit.</param>
    public async Task<Outcome<SendResponse>> SubmitMobileAsync(ChallengeId id, string? mobile, CancellationToken cancellationToken,
        IdempotentCall? idempotency = null, IPAddress? clientIp = null)
    {
        using var span = SmsOtpTelemetry.StartMobile();
        return await ContinueAsync(id, OpMobile, (challenge, now) =>
        {
            var parsed = numbers.Parse(mobile, challenge.Tenant);
            if (parsed.Status == MobileParseStatus.Invalid)
            {
                return (Problem.InvalidMobile(parsed.Error!), null);
            }

            if (parsed.Status == MobileParseStatus.CountryNotAllowed)
            {
                audit.Send(challenge.Tenant, id.PartitionKey, OpMobile, ProblemCodes.CountryNotAllowed, MobileMask.Mask(parsed.E164), string.Empty);
                return (Problem.CountryNotAllowed(parsed.Error!), parsed.E164);
            }

            if (parsed.Status == MobileParseStatus.NumberTypeNotAllowed)
            {
                audit.Send(challenge.Tenant, id.PartitionKey, OpMobile, ProblemCodes.NumberTypeNotAllowed, MobileMask.Mask(parsed.E164), string.Empty);
                return (Problem.NumberTypeNotAllowed(parsed.Error!), parsed.E164);
            }

            return (challenge.RefuseMobile(now), parsed.E164);
        }, idempotency, clientIp, cancellationToken).ConfigureAwait(false);
    }

    /// <param name="id">Null for an id that did not parse: 403 when resend is off everywhere, else 404.</param>
    /// <param name="clientIp">The end user's address (the body's <c>clientIp</c>, or the hosted page's connection) for the per-IP limit.</param>
    public async Task<Outcome<SendResponse>> ResendAsync(ChallengeId? id, CancellationToken cancellationToken, IdempotentCall? idempotency = null,
        IPAddress? clientIp = null)
    {
        using var span = SmsOtpTelemetry.StartResend();
        if (id is null)
        {
            var problem = policies.Global.ResendEnable ? Problem.ChallengeNotFound() : Problem.ResendDisabled();
            SmsOtpTelemetry.RecordSend(OpResend, string.Empty, problem.Code, null);
            return problem;
        }

        return await ContinueAsync(id, OpResend,
            (challenge, now) => (policies.For(challenge.Tenant).ResendEnable ? challenge.RefuseResend(now) : Problem.ResendDisabled(), challenge.Mobile),
            idempotency, clientIp, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Null when no challenge has this id (404).</summary>
    /// <param name="pageResult">From the hosted pages: on success, the one-time result token's hash is
    /// written with the verification itself (spec §2.7).</param>
    public async Task<VerifyResponse?> VerifyAsync(ChallengeId id, string code, CancellationToken cancellationToken,
        ResultTicket? pageResult = null)
    {
        using var span = SmsOtpTelemetry.StartVerify();
        (string Tenant, string Masked) seen = (string.Empty, string.Empty);
        var attempt = new VerifyAttempt();
        var result = await OptimisticConcurrency.RunAsync(async () =>
        {
            var record = await store.GetAsync(id.PartitionKey, cancellationToken).ConfigureAwait(false);
            var o = policies.For(record?.Tenant);
            if (Challenge.Find(record, id, o) is not { } challenge)
            {
                return null;
            }

            seen = (record!.Tenant, MobileMask.Mask(challenge.Mobile ?? record.Mobile));
            SmsOtpTelemetry.TagVerifyCountry(challenge.Mobile ?? record.Mobile);
            var now = time.GetUtcNow();
            var redirect = o.RedirectToMultiOptionPageOnFailure;
            switch (challenge.Verdict(now))
            {
                case OtpStatuses.Consumed:
                    // Consumed by this very call, whose write landed but whose answer was lost: it verified.
                    if (attempt.Written is { } written && record.ChallengeVerifiedBy == attempt.Token)
                    {
                        RecordConversion(written.Method, challenge.Mobile ?? record.Mobile, now);
                        return written;
                    }

                    return new VerifyResponse(OtpStatuses.Consumed);
                case { } status:
                    return new VerifyResponse(status) { LockedUntil = challenge.LockedUntil(now), RedirectToMultiOptionPage = redirect };
            }

            var keySet = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
            if (challenge.MatchesCode(keySet.HmacKeys, code))
            {
                return await SucceedAsync(record, challenge, OtpStatuses.MethodSms, now, pageResult, attempt, cancellationToken).ConfigureAwait(false);
            }

            if (o.BackupCode && BackupCodes.TrySpend(record, keySet.HmacKeys, code))
            {
                return await SucceedAsync(record, challenge, OtpStatuses.MethodBackupCode, now, pageResult, attempt, cancellationToken).ConfigureAwait(false);
            }

            var failed = challenge.Fail(now);
            await store.ReplaceAsync(record, record.ETag, cancellationToken).ConfigureAwait(false);
            if (failed.LockedUntil is { } until)
            {
                LogLocked(logger, record.PartitionKey, until);
                audit.Locked(record.Tenant, record.PartitionKey, until, seen.Masked);
                return new VerifyResponse(OtpStatuses.Locked) { LockedUntil = until, RedirectToMultiOptionPage = redirect };
            }

            LogInvalidCode(logger, record.PartitionKey, failed.AttemptsRemaining);
            return new VerifyResponse(OtpStatuses.InvalidCode)
            {
                AttemptsRemaining = failed.AttemptsRemaining,
                RetryAllowed = failed.AttemptsRemaining > 0,
                RedirectToMultiOptionPage = redirect,
            };
        }, cancellationToken).ConfigureAwait(false);

        if (result is not null)
        {
            audit.Verify(seen.Tenant, id.PartitionKey, result.Status, result.Method, seen.Masked);
            SmsOtpTelemetry.RecordVerify(seen.Tenant, result.Status, result.Method);
        }

        return result;
    }

    /// <summary><c>GET /api/otp/status</c> (spec §7.3): one point read, never an attempt; null when no challenge has this id.</summary>
    public async Task<ChallengeStatusResponse?> StatusAsync(ChallengeId id, CancellationToken cancellationToken) =>
        (await FindAsync(id, cancellationToken).ConfigureAwait(false))?.Describe(time.GetUtcNow());

    /// <summary>The challenge as it stands, to read (the hosted pages draw from it): one point read, no change.</summary>
    public async Task<Challenge?> FindAsync(ChallengeId id, CancellationToken cancellationToken) =>
        Challenge.Find(await store.GetAsync(id.PartitionKey, cancellationToken).ConfigureAwait(false), id, policies);

    /// <summary>
    /// <c>POST /api/otp/result</c>: the verified body a hosted page stored, once. One conditional write spends
    /// it, so of parallel redeems exactly one gets the body; null for an unknown, spent or expired token.
    /// </summary>
    public async Task<VerifyResponse?> RedeemResultAsync(string token, CancellationToken cancellationToken)
    {
        if (ResultTokens.PartitionKeyOf(token) is not { } partitionKey)
        {
            LogResultRefused(logger);
            return null;
        }

        var hash = await results.HashAsync(token, cancellationToken).ConfigureAwait(false);
        var stored = await OptimisticConcurrency.RunAsync(async () =>
        {
            var record = await store.GetAsync(partitionKey, cancellationToken).ConfigureAwait(false);
            if (record?.ResultBody is not { } body || !ResultTokens.HashEquals(hash, record.ResultHash)
                || record.ResultExpiresAt is not { } expires || expires <= time.GetUtcNow())
            {
                return null;
            }

            record.ResultHash = null;
            record.ResultBody = null;
            record.ResultExpiresAt = null;
            await store.ReplaceAsync(record, record.ETag, cancellationToken).ConfigureAwait(false);
            return body;
        }, cancellationToken).ConfigureAwait(false);

        if (stored is null)
        {
            LogResultRefused(logger);
            return null;
        }

        LogResultRedeemed(logger, partitionKey);
        return JsonSerializer.Deserialize<VerifyResponse>(stored, JsonDefaults.Options);
    }

    /// <summary>
    /// Mobile and resend: a new code on the challenge the id names, if it allows one now. A resend is counted
    /// on the challenge before its code is issued (failure counts stay).
    /// </summary>
    private Task<Outcome<SendResponse>> ContinueAsync(ChallengeId id, string operation,
        Func<Challenge, DateTimeOffset, (ApiProblem? Problem, string? Mobile)> decide, IdempotentCall? idempotency, IPAddress? clientIp,
        CancellationToken cancellationToken)
    {
        var permits = limiter.BeginRequest();
        return OptimisticConcurrency.RunAsync(async () =>
        {
            var record = await store.GetAsync(id.PartitionKey, cancellationToken).ConfigureAwait(false);
            if (Challenge.Find(record, id, policies) is not { } challenge)
            {
                SmsOtpTelemetry.RecordSend(operation, string.Empty, ProblemCodes.ChallengeNotFound, null);
                return (Outcome<SendResponse>)Problem.ChallengeNotFound();
            }

            var now = time.GetUtcNow();
            if (await ReplayAsync(record, operation, idempotency, now, cancellationToken).ConfigureAwait(false) is { } replay)
            {
                return replay;
            }

            var (problem, mobile) = decide(challenge, now);
            if (problem is not null)
            {
                SmsOtpTelemetry.RecordSend(operation, challenge.Tenant, problem.Code, mobile ?? challenge.Mobile);
                return problem;
            }

            if (operation == OpResend)
            {
                challenge.CountResend();
            }

            return await IssueAsync(new UserKey(record!.Tenant, record.UserId), record, challenge, null, mobile!, operation, permits, idempotency,
                cancellationToken, clientIp).ConfigureAwait(false);
        }, cancellationToken);
    }

    private static SendResponse Skipped(string reason) => new(OtpStatuses.Skipped) { Reason = reason };

    /// <summary>
    /// The answer to a repeat of a keyed call (spec §7.2): the first answer while its challenge is still open
    /// (no new code, no second SMS, no limit charged again), 422 for the key with another request, or null
    /// to go on as a new call (no key, a new key, or the challenge ended).
    /// </summary>
    private async Task<Outcome<SendResponse>?> ReplayAsync(UserRecord? record, string operation, IdempotentCall? idempotency, DateTimeOffset now,
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
            SmsOtpTelemetry.RecordSend(operation, record.Tenant, ProblemCodes.IdempotencyKeyReused, null);
            return Problem.IdempotencyKeyReused();
        }

        if (answer is { ChallengeId: { } id } first
            && Challenge.Find(record, id, policies)?.StatusAt(now) is ChallengeStatus.Pending or ChallengeStatus.AwaitingMobile)
        {
            return first;
        }

        return null;
    }

    private async Task<VerifyResponse> SucceedAsync(UserRecord record, Challenge challenge, string method, DateTimeOffset now, ResultTicket? pageResult,
        VerifyAttempt attempt, CancellationToken cancellationToken)
    {
        var mobileUpdated = challenge.Succeed(now);
        var response = new VerifyResponse(OtpStatuses.Verified)
        {
            Method = method,
            Tenant = record.Tenant,
            UserId = record.UserId,
            VerifiedAt = now,
            MobileUpdated = mobileUpdated,
            Transaction = challenge.Transaction,
        };
        if (pageResult is not null)
        {
            record.ResultHash = pageResult.Hash;
            record.ResultExpiresAt = pageResult.ExpiresAt;
            record.ResultBody = JsonSerializer.Serialize(response, JsonDefaults.Options);
        }

        var verifiedMobile = challenge.Mobile ?? record.Mobile;
        record.ChallengeVerifiedBy = attempt.Token;
        attempt.Written = response;
        try
        {
            await store.ReplaceAsync(record, record.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (StorageFailures.IsTransient(e) && ++attempt.LostAnswers <= 2)
        {
            // The write may have landed: read again (a 412 from the SDK's own retry of it leads there too).
            throw new ConcurrencyConflictException("The verification's answer was lost.", e);
        }

        RecordConversion(method, verifiedMobile, now);
        LogVerified(logger, record.PartitionKey, method);
        return response;
    }

    /// <summary>The destination's conversion (spec §9): only an SMS code proves the SMS reached a person.</summary>
    private void RecordConversion(string? method, string? mobile, DateTimeOffset now)
    {
        if (method == OtpStatuses.MethodSms && mobile is not null)
        {
            guard.RecordVerified(mobile, now);
        }
    }

    /// <summary>One verify call: its token, written with the verification, and the answer it would give.</summary>
    private sealed class VerifyAttempt
    {
        public string Token { get; } = StorageFailures.NewWriteToken();

        public VerifyResponse? Written { get; set; }

        public int LostAnswers { get; set; }
    }

    private async Task<Outcome<SendResponse>> AwaitMobileAsync(SendRequest send, UserRecord? record, string mode, string reason, IdempotentCall? idempotency,
        CancellationToken cancellationToken)
    {
        var isNew = record is null;
        record ??= NewRecord(send.User);
        var challenge = Challenge.Start(record, policies.For(send.User.Tenant), time.GetUtcNow(), send);
        challenge.AwaitMobile(mode);
        var response = new SendResponse(OtpStatuses.MobileRequired) { ChallengeId = challenge.Id, Reason = reason };
        await RecordAsync(record, OpSend, idempotency, response, cancellationToken).ConfigureAwait(false);
        await WriteAsync(record, isNew, cancellationToken).ConfigureAwait(false);
        SmsOtpTelemetry.RecordSend(OpSend, send.User.Tenant, OtpStatuses.MobileRequired, null);
        return response;
    }

    private async Task RecordAsync(UserRecord record, string operation, IdempotentCall? idempotency, SendResponse response, CancellationToken cancellationToken)
    {
        if (idempotency is not null)
        {
            var key = IdempotencyLog.FingerprintKey(await keys.GetAsync(cancellationToken).ConfigureAwait(false));
            IdempotencyLog.Record(record, operation, idempotency, key, response);
        }
    }

    /// <summary>
    /// Checks the send limits, then issues a code on the challenge (a new one for a send), writes the row and
    /// queues the SMS. Nothing is written or queued when a limit refuses.
    /// </summary>
    /// <param name="send">For a send: the request that starts the new challenge; null to issue on <paramref name="challenge"/>.</param>
    private async Task<Outcome<SendResponse>> IssueAsync(UserKey user, UserRecord record, Challenge? challenge, SendRequest? send, string mobile, string operation,
        SendPermits permits, IdempotentCall? idempotency, CancellationToken cancellationToken, IPAddress? clientIp = null)
    {
        var o = policies.For(user.Tenant);
        var now = time.GetUtcNow();
        var keySet = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        var numberKey = NumberKey.Compute(keySet.HmacKey, mobile);
        var masked = MobileMask.Mask(mobile);

        // The fraud guard first (spec §9): in memory, so a suspended destination costs no storage call at all.
        var admitted = guard.Admit(user.Tenant, mobile, now);
        if (admitted.Refused)
        {
            LogDestinationRefused(logger, record.PartitionKey, admitted.Reason!, admitted.DestinationPrefix);
            audit.Send(user.Tenant, record.PartitionKey, operation, ProblemCodes.DestinationSuspended, masked, numberKey[..NumberKey.AuditLength], admitted.Reason);
            SmsOtpTelemetry.RecordSend(operation, user.Tenant, ProblemCodes.DestinationSuspended, mobile);
            return Problem.DestinationSuspended(admitted.RetryAfter);
        }

        if (admitted.Monitored)
        {
            audit.FraudGuardMonitored(user.Tenant, record.PartitionKey, operation, admitted.Reason!, masked);
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
                LogRateLimited(logger, record.PartitionKey, limit.Limit!, masked);
                audit.Send(user.Tenant, record.PartitionKey, operation, ProblemCodes.RateLimited, masked, numberKey[..NumberKey.AuditLength], limit.Limit);
                SmsOtpTelemetry.RecordSend(operation, user.Tenant, ProblemCodes.RateLimited, mobile);
                return Problem.RateLimited(limit.RetryAfter);
            }

            challenge ??= Challenge.Start(record, o, now, send);
            return await IssueAndQueueAsync(new Issue(user, record, challenge, mobile, operation, keySet, numberKey, now), idempotency, null, cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            // Not sent after all (a write conflict is retried and admitted again; an outage is a 503): not counted.
            guard.Release(admitted);
            throw;
        }
    }

    /// <summary>What issuing one code needs: who, where, the keys and the number's keyed hash already computed.</summary>
    private sealed record Issue(UserKey User, UserRecord Record, Challenge Challenge, string Mobile, string Operation, KeySet Keys, string NumberKey, DateTimeOffset Now);

    /// <summary>Issues a code on the challenge, writes the row (the only write) and queues the SMS.</summary>
    /// <param name="startAfter">A reroute: the provider the SMS must not go to first.</param>
    private async Task<SendResponse> IssueAndQueueAsync(Issue issue, IdempotentCall? idempotency, string? startAfter, CancellationToken cancellationToken)
    {
        var (user, record, challenge, mobile, operation, keySet, numberKey, now) = issue;
        var o = policies.For(user.Tenant);
        var masked = MobileMask.Mask(mobile);
        var isNew = string.IsNullOrEmpty(record.ETag.ToString());
        var testCode = TestNumberList.CodeFor(o.TestNumbers, mobile); // spec §15.2: a fixed code, no SMS
        var issued = challenge.IssueCode(mobile, keySet.HmacKey, now, testCode);
        if (startAfter is not null)
        {
            challenge.MarkRerouted();
        }

        var response = new SendResponse(OtpStatuses.Sent)
        {
            ChallengeId = challenge.Id,
            MaskedMobile = masked,
            ExpiresAt = issued.ExpiresAt,
            ResendAvailableAt = challenge.ResendAvailableAt(now),
            CodeLength = issued.Code.Length,
        };
        await RecordAsync(record, operation, idempotency, response, cancellationToken).ConfigureAwait(false);
        var etag = await WriteAsync(record, isNew, cancellationToken).ConfigureAwait(false);

        if (testCode is null)
        {
            await queue.EnqueueAsync(new DeliveryRequest(record.PartitionKey, challenge.Id.Nonce, issued.Version, etag, issued.ExpiresAt, mobile, issued.Code)
            {
                Tenant = user.Tenant,
                Locale = challenge.Locale ?? (o.LocaleFromNumber ? CountryLanguages.LocaleFor(mobile) : null), // spec §15.4
                Transaction = challenge.Transaction,
                AppHash = challenge.AppHash,
                StartAfter = startAfter,
            }, cancellationToken).ConfigureAwait(false);
            LogCodeQueued(logger, record.PartitionKey, masked, issued.Version);
        }

        var test = testCode is null ? null : TestNumberList.Marker;
        audit.Send(user.Tenant, record.PartitionKey, operation, OtpStatuses.Sent, masked, numberKey[..NumberKey.AuditLength], test);
        SmsOtpTelemetry.RecordSend(operation, user.Tenant, OtpStatuses.Sent, mobile, testNumber: test is not null);
        return response;
    }

    /// <summary>
    /// A verified delivery receipt (spec §8) for code <paramref name="codeVersion"/> of the row: one point read and one
    /// conditional write when it applies (nothing when it does not). An undelivered or failed code of an open challenge
    /// is rerouted once: a fresh code (counted as a resend, attempts kept, no send limit charged: the service sends it,
    /// not a caller) through the provider after <paramref name="provider"/>.
    /// </summary>
    /// <param name="canReroute">Whether the row's tenant has another provider, and rerouting is on.</param>
    public Task<ReceiptEffect> ApplyReceiptAsync(string partitionKey, int codeVersion, string provider, string? messageId, string status,
        string? errorCode, Func<string, bool> canReroute, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RunAsync(async () =>
        {
            var record = await store.GetAsync(partitionKey, cancellationToken).ConfigureAwait(false);
            if (record?.ChallengeNonce is not { } nonce
                || Challenge.Find(record, new ChallengeId(partitionKey, nonce), policies) is not { } challenge)
            {
                return ReceiptEffect.Ignored;
            }

            var now = time.GetUtcNow();
            var effect = challenge.ApplyReceipt(codeVersion, provider, messageId, status, errorCode, canReroute(record.Tenant), now);
            if (effect == ReceiptEffect.Ignored)
            {
                return effect;
            }

            LogReceipt(logger, record.PartitionKey, codeVersion, provider, status);
            if (effect == ReceiptEffect.Applied)
            {
                await store.ReplaceAsync(record, record.ETag, cancellationToken).ConfigureAwait(false);
                return effect;
            }

            challenge.CountResend();
            var keySet = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
            var mobile = challenge.Mobile!;
            var issue = new Issue(new UserKey(record.Tenant, record.UserId), record, challenge, mobile, OpResend, keySet, NumberKey.Compute(keySet.HmacKey, mobile), now);
            await IssueAndQueueAsync(issue, null, provider, cancellationToken).ConfigureAwait(false);
            LogRerouted(logger, record.PartitionKey, provider);
            return effect;
        }, cancellationToken);

    private static UserRecord NewRecord(UserKey user) =>
        new() { PartitionKey = user.PartitionKey, Tenant = user.Tenant, UserId = user.UserId };

    private async Task<Azure.ETag> WriteAsync(UserRecord record, bool isNew, CancellationToken cancellationToken)
    {
        var etag = isNew
            ? await store.InsertAsync(record, cancellationToken).ConfigureAwait(false)
            : await store.ReplaceAsync(record, record.ETag, cancellationToken).ConfigureAwait(false);
        record.ETag = etag;
        return etag;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Code v{CodeVersion} queued for user {UserKey} to {MaskedMobile}")]
    private static partial void LogCodeQueued(ILogger logger, string userKey, string maskedMobile, int codeVersion);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "User {UserKey} verified by {Method}")]
    private static partial void LogVerified(ILogger logger, string userKey, string method);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Invalid code for user {UserKey}; {AttemptsRemaining} attempts remain")]
    private static partial void LogInvalidCode(ILogger logger, string userKey, int attemptsRemaining);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "User {UserKey} locked until {LockedUntil}")]
    private static partial void LogLocked(ILogger logger, string userKey, DateTimeOffset lockedUntil);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Send refused: user {UserKey} is locked")]
    private static partial void LogSendRefusedLocked(ILogger logger, string userKey);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Send refused for user {UserKey} to {MaskedMobile}: {Limit} rate limit reached")]
    private static partial void LogRateLimited(ILogger logger, string userKey, string limit, string maskedMobile);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Result redeemed for user {UserKey}")]
    private static partial void LogResultRedeemed(ILogger logger, string userKey);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "Receipt for user {UserKey} v{CodeVersion} from {Provider}: {Status}")]
    private static partial void LogReceipt(ILogger logger, string userKey, int codeVersion, string provider, string status);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Code for user {UserKey} not delivered by {Provider}: a fresh code goes through the next provider")]
    private static partial void LogRerouted(ILogger logger, string userKey, string provider);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information,
        Message = "Send refused for user {UserKey} by the fraud guard ({Reason}, destination {Destination})")]
    private static partial void LogDestinationRefused(ILogger logger, string userKey, string reason, string destination);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Result token refused (unknown, expired or already redeemed)")]
    private static partial void LogResultRefused(ILogger logger);
}
