using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Audit;
using SmsOtp.Core.Configuration;
using SmsOtp.Core.Delivery;
using SmsOtp.Core.Http;
using SmsOtp.Core.Pages;
using SmsOtp.Core.Phone;
using SmsOtp.Core.RateLimiting;
using SmsOtp.Core.Security;
using SmsOtp.Core.Storage;
using SmsOtp.Core.Users;

namespace SmsOtp.Core.Otp;

/// <summary>
/// The SMS OTP step: send (spec §3's decision table), mobile capture, verify and resend. Every change is
/// a conditional write of the user's row, retried on conflict, so limits hold under parallel requests.
/// </summary>
public sealed partial class OtpService(
    IUserStore store,
    IDeliveryQueue queue,
    ServiceKeys keys,
    MobileNumberParser numbers,
    IOptionsMonitor<SmsOtpOptions> options,
    TimeProvider time,
    SendRateLimiter limiter,
    AuditLog audit,
    ILogger<OtpService> logger)
{
    private const string ModeCapture = "capture";
    private const string ModeDirect = "direct";
    private const string OpSend = "send";
    private const string OpMobile = "mobile";
    private const string OpResend = "resend";

    public Task<Outcome<SendResponse>> SendAsync(UserKey user, CancellationToken cancellationToken)
    {
        var permits = limiter.BeginRequest();
        return OptimisticConcurrency.RunAsync(async () =>
        {
            var o = options.CurrentValue;
            var record = await store.GetAsync(user.PartitionKey, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (record?.LockedUntil is { } until && until > now)
            {
                LogSendRefusedLocked(logger, user.PartitionKey);
                audit.Send(user.Tenant, user.PartitionKey, OpSend, ProblemCodes.AccountLocked, MobileMask.Mask(record.Mobile), string.Empty);
                return (Outcome<SendResponse>)ApiProblem.Locked(until);
            }

            if (record is { HasProfile: true })
            {
                if (record.SmsOtpDisabled && o.EnableByUserClaim && !o.Mandatory)
                {
                    return Skipped(OtpStatuses.ReasonDisabledByUser);
                }

                if (record.Mobile is { } mobile)
                {
                    if (!numbers.IsAllowed(mobile))
                    {
                        audit.Send(user.Tenant, user.PartitionKey, OpSend, ProblemCodes.CountryNotAllowed, MobileMask.Mask(mobile), string.Empty);
                        return new ApiProblem(403, ProblemCodes.CountryNotAllowed, "Country not allowed.",
                            "The user's registered number is in a country this service does not send to.");
                    }

                    return await IssueAsync(user, record, mobile, mode: null, OpSend, permits, cancellationToken).ConfigureAwait(false);
                }

                if (o.Mandatory && o.CaptureAndUpdateMobileNumber)
                {
                    return await AwaitMobileAsync(user, record, ModeCapture, OtpStatuses.ReasonCapture, cancellationToken).ConfigureAwait(false);
                }

                return o.Mandatory
                    ? new ApiProblem(422, ProblemCodes.MobileNotRegistered, "No mobile number registered.",
                        "The user has no mobile number, SMS OTP is mandatory and capturing a number at login is off.")
                    : Skipped(OtpStatuses.ReasonNoMobile);
            }

            if (o.Mandatory && o.SendOtpDirectlyToMobile)
            {
                return await AwaitMobileAsync(user, record, ModeDirect, OtpStatuses.ReasonDirect, cancellationToken).ConfigureAwait(false);
            }

            return o.Mandatory
                ? new ApiProblem(422, ProblemCodes.UserNotFound, "User not found.",
                    "The user is unknown, SMS OTP is mandatory and sending directly to a number is off.")
                : Skipped(OtpStatuses.ReasonUserNotFound);
        }, cancellationToken);
    }

    public async Task<Outcome<SendResponse>> SubmitMobileAsync(string? challengeId, string? mobile, CancellationToken cancellationToken)
    {
        if (!ChallengeId.TryParse(challengeId, out var id))
        {
            return ApiProblem.ChallengeNotFound();
        }

        var parsed = numbers.Parse(mobile);
        if (parsed.Status == MobileParseStatus.Invalid)
        {
            return new ApiProblem(400, ProblemCodes.InvalidMobile, "Invalid mobile number.", parsed.Error!);
        }

        if (parsed.Status == MobileParseStatus.CountryNotAllowed)
        {
            audit.Send(string.Empty, id.PartitionKey, OpMobile, ProblemCodes.CountryNotAllowed, MobileMask.Mask(parsed.E164), string.Empty);
            return new ApiProblem(403, ProblemCodes.CountryNotAllowed, "Country not allowed.", parsed.Error!);
        }

        var permits = limiter.BeginRequest();
        return await OptimisticConcurrency.RunAsync(async () =>
        {
            var record = await store.GetAsync(id.PartitionKey, cancellationToken).ConfigureAwait(false);
            if (record is null || !id.NonceEquals(record.ChallengeNonce))
            {
                return (Outcome<SendResponse>)ApiProblem.ChallengeNotFound();
            }

            var now = time.GetUtcNow();
            if (record.ChallengeState != ChallengeStates.AwaitingMobile)
            {
                return ApiProblem.ChallengeState("The challenge is not waiting for a mobile number.");
            }

            if (record.ChallengeCreatedAt + TimeSpan.FromSeconds(options.CurrentValue.TokenExpirySeconds) <= now)
            {
                return ApiProblem.ChallengeState("The challenge expired while waiting for a mobile number; start a new send.");
            }

            if (record.LockedUntil is { } until && until > now)
            {
                return ApiProblem.Locked(until);
            }

            return await IssueAsync(new UserKey(record.Tenant, record.UserId), record, parsed.E164!, record.ChallengeMode, OpMobile, permits,
                cancellationToken, keepChallenge: true).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Outcome<SendResponse>> ResendAsync(string? challengeId, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        if (!o.ResendEnable)
        {
            return new ApiProblem(403, ProblemCodes.ResendDisabled, "Resend is disabled.", "This service is configured without resend (SmsOtp:ResendEnable).");
        }

        if (!ChallengeId.TryParse(challengeId, out var id))
        {
            return ApiProblem.ChallengeNotFound();
        }

        var permits = limiter.BeginRequest();
        return await OptimisticConcurrency.RunAsync(async () =>
        {
            var record = await store.GetAsync(id.PartitionKey, cancellationToken).ConfigureAwait(false);
            if (record is null || !id.NonceEquals(record.ChallengeNonce))
            {
                return (Outcome<SendResponse>)ApiProblem.ChallengeNotFound();
            }

            var now = time.GetUtcNow();
            switch (record.ChallengeState)
            {
                case ChallengeStates.Verified:
                    return ApiProblem.ChallengeState("The challenge was already verified.");
                case ChallengeStates.AwaitingMobile:
                    return ApiProblem.ChallengeState("The challenge is waiting for a mobile number.");
                case ChallengeStates.Undeliverable:
                    return new ApiProblem(409, ProblemCodes.DeliveryFailed, "The SMS could not be delivered.",
                        "Every provider failed to deliver this challenge's code; start a new send or offer another factor.");
            }

            if (record.ChallengeState == ChallengeStates.Exhausted || record.ChallengeAttempts >= MaxAttempts(o))
            {
                return ApiProblem.ChallengeState("The challenge has no attempts left.");
            }

            if (record.LockedUntil is { } until && until > now)
            {
                return ApiProblem.Locked(until);
            }

            if (record.ResendCount >= o.MaximumResendAttempts)
            {
                return new ApiProblem(429, ProblemCodes.ResendLimitReached, "Resend limit reached.",
                    $"A challenge allows at most {o.MaximumResendAttempts} resends; start a new send.");
            }

            var available = (record.LastSentAt ?? now) + TimeSpan.FromSeconds(o.ResendCooldownSeconds);
            if (available > now)
            {
                var wait = available - now;
                return new ApiProblem(429, ProblemCodes.ResendTooSoon, "Resend too soon.", "Wait before asking for another code.")
                {
                    RetryAfter = TimeSpan.FromSeconds(Math.Ceiling(wait.TotalSeconds)),
                };
            }

            record.ResendCount++;
            return await IssueAsync(new UserKey(record.Tenant, record.UserId), record, record.ChallengeMobile!, record.ChallengeMode, OpResend,
                permits, cancellationToken, keepChallenge: true).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <param name="pageResult">From the hosted pages: on success, the one-time result token's hash is
    /// written with the verification itself (spec §2.7).</param>
    public async Task<VerifyResponse?> VerifyAsync(string? challengeId, string code, CancellationToken cancellationToken,
        ResultTicket? pageResult = null)
    {
        if (!ChallengeId.TryParse(challengeId, out var id))
        {
            return null;
        }

        (string Tenant, string Masked) seen = (string.Empty, string.Empty);
        var result = await OptimisticConcurrency.RunAsync(async () =>
        {
            var o = options.CurrentValue;
            var record = await store.GetAsync(id.PartitionKey, cancellationToken).ConfigureAwait(false);
            if (record is null || !id.NonceEquals(record.ChallengeNonce) || record.ChallengeState is null)
            {
                return null;
            }

            seen = (record.Tenant, MobileMask.Mask(record.ChallengeMobile ?? record.Mobile));

            var now = time.GetUtcNow();
            var redirect = o.RedirectToMultiOptionPageOnFailure;
            if (record.ChallengeState == ChallengeStates.Verified)
            {
                return new VerifyResponse(OtpStatuses.Consumed);
            }

            if (record.LockedUntil is { } until && until > now)
            {
                return new VerifyResponse(OtpStatuses.Locked) { LockedUntil = until, RedirectToMultiOptionPage = redirect };
            }

            if (record.ChallengeState == ChallengeStates.Undeliverable)
            {
                return new VerifyResponse(OtpStatuses.DeliveryFailed) { RedirectToMultiOptionPage = redirect };
            }

            var max = MaxAttempts(o);
            if (record.ChallengeState == ChallengeStates.Exhausted || record.ChallengeAttempts >= max)
            {
                return new VerifyResponse(OtpStatuses.AttemptsExhausted) { RedirectToMultiOptionPage = redirect };
            }

            var keySet = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
            var open = record.ChallengeState == ChallengeStates.Open;
            if (open && record.CodeExpiresAt is { } expires && expires <= now)
            {
                return new VerifyResponse(OtpStatuses.Expired) { RedirectToMultiOptionPage = redirect };
            }

            var normalized = CodeHasher.Normalize(code, o.AlphanumericToken);
            if (open && keySet.HmacKeys.Any(key => CodeHasher.Matches(key, CodeContext(record), normalized, record.CodeHash)))
            {
                return await SucceedAsync(record, OtpStatuses.MethodSms, now, pageResult, cancellationToken).ConfigureAwait(false);
            }

            if (o.BackupCode && BackupCodes.TrySpend(record, keySet.HmacKeys, code))
            {
                return await SucceedAsync(record, OtpStatuses.MethodBackupCode, now, pageResult, cancellationToken).ConfigureAwait(false);
            }

            return await FailAsync(record, o, now, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        if (result is not null)
        {
            audit.Verify(seen.Tenant, id.PartitionKey, result.Status, result.Method, seen.Masked);
        }

        return result;
    }

    internal static int MaxAttempts(SmsOtpOptions o) => o.RetryEnable ? o.MaxAttemptsPerChallenge : 1;

    private static string CodeContext(UserRecord record) => $"sms|{record.PartitionKey}|{record.ChallengeNonce}|{record.CodeVersion}";

    private static SendResponse Skipped(string reason) => new(OtpStatuses.Skipped) { Reason = reason };

    private async Task<VerifyResponse> SucceedAsync(UserRecord record, string method, DateTimeOffset now, ResultTicket? pageResult,
        CancellationToken cancellationToken)
    {
        var mobileUpdated = false;
        if (record.ChallengeMode == ModeCapture && record.HasProfile && record.Mobile is null && record.ChallengeMobile is not null)
        {
            // Capture writes the number only after it proved to reach the user, and only on first login.
            record.Mobile = record.ChallengeMobile;
            mobileUpdated = true;
        }

        record.ChallengeState = ChallengeStates.Verified;
        record.VerifiedAt = now;
        record.CodeHash = null;
        record.ChallengeMobile = null;
        record.FailedAttempts = 0;
        record.LockCount = 0;
        record.LockedUntil = null;
        var response = new VerifyResponse(OtpStatuses.Verified)
        {
            Method = method,
            Tenant = record.Tenant,
            UserId = record.UserId,
            VerifiedAt = now,
            MobileUpdated = mobileUpdated,
        };
        if (pageResult is not null)
        {
            record.ResultHash = pageResult.Hash;
            record.ResultExpiresAt = pageResult.ExpiresAt;
            record.ResultBody = System.Text.Json.JsonSerializer.Serialize(response, JsonDefaults.Options);
        }

        await store.ReplaceAsync(record, record.ETag, cancellationToken).ConfigureAwait(false);
        LogVerified(logger, record.PartitionKey, method);
        return response;
    }

    private async Task<VerifyResponse> FailAsync(UserRecord record, SmsOtpOptions o, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var max = MaxAttempts(o);
        record.ChallengeAttempts++;
        record.FailedAttempts++;
        if (record.ChallengeAttempts >= max)
        {
            record.ChallengeState = ChallengeStates.Exhausted;
            record.CodeHash = null;
        }

        DateTimeOffset? lockedUntil = null;
        if (o.AccountLock.Enabled && record.FailedAttempts >= o.AccountLock.MaxFailedAttempts)
        {
            // WSO2's account lock handler: the duration grows by DurationRatio with each further lock.
            var seconds = o.AccountLock.DurationSeconds * Math.Pow(o.AccountLock.DurationRatio, record.LockCount);
            lockedUntil = now + TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.FromDays(3650).TotalSeconds));
            record.LockedUntil = lockedUntil;
            record.LockCount++;
            record.FailedAttempts = 0;
        }

        await store.ReplaceAsync(record, record.ETag, cancellationToken).ConfigureAwait(false);
        var redirect = o.RedirectToMultiOptionPageOnFailure;
        if (lockedUntil is { } until)
        {
            LogLocked(logger, record.PartitionKey, until);
            audit.Locked(record.Tenant, record.PartitionKey, until, MobileMask.Mask(record.ChallengeMobile ?? record.Mobile));
            return new VerifyResponse(OtpStatuses.Locked) { LockedUntil = until, RedirectToMultiOptionPage = redirect };
        }

        var remaining = Math.Max(0, max - record.ChallengeAttempts);
        LogInvalidCode(logger, record.PartitionKey, remaining);
        return new VerifyResponse(OtpStatuses.InvalidCode)
        {
            AttemptsRemaining = remaining,
            RetryAllowed = remaining > 0,
            RedirectToMultiOptionPage = redirect,
        };
    }

    private async Task<Outcome<SendResponse>> AwaitMobileAsync(UserKey user, UserRecord? record, string mode, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var isNew = record is null;
        record ??= NewRecord(user);
        var id = ChallengeId.New(user);
        ResetChallenge(record, id, now);
        record.ChallengeState = ChallengeStates.AwaitingMobile;
        record.ChallengeMode = mode;
        await WriteAsync(record, isNew, cancellationToken).ConfigureAwait(false);
        return new SendResponse(OtpStatuses.MobileRequired) { ChallengeId = id.ToString(), Reason = reason };
    }

    /// <summary>Generates a code, writes its hash on the row and queues the SMS.</summary>
    private async Task<Outcome<SendResponse>> IssueAsync(UserKey user, UserRecord record, string mobile, string? mode, string operation,
        SendPermits permits, CancellationToken cancellationToken, bool keepChallenge = false)
    {
        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        var keySet = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        var numberKey = NumberKey.Compute(keySet.HmacKey, mobile);
        var masked = MobileMask.Mask(mobile);

        // Rate limits before anything is written or queued: the user's own (on this row), then the shared ones.
        var limit = limiter.CheckUser(record, now);
        if (limit.Allowed)
        {
            limit = await permits.AcquireAsync(user.Tenant, numberKey, now, cancellationToken).ConfigureAwait(false);
        }

        if (!limit.Allowed)
        {
            LogRateLimited(logger, record.PartitionKey, limit.Limit!, masked);
            audit.Send(user.Tenant, record.PartitionKey, operation, ProblemCodes.RateLimited, masked, numberKey[..NumberKey.AuditLength], limit.Limit);
            return new ApiProblem(429, ProblemCodes.RateLimited, "Too many codes sent.", "Too many codes were sent recently; try again later.")
            {
                RetryAfter = TimeSpan.FromSeconds(Math.Ceiling(limit.RetryAfter.TotalSeconds)),
            };
        }

        var isNew = string.IsNullOrEmpty(record.ETag.ToString());
        ChallengeId id;
        if (keepChallenge)
        {
            id = new ChallengeId(record.PartitionKey, record.ChallengeNonce!);
        }
        else
        {
            id = ChallengeId.New(user);
            ResetChallenge(record, id, now);
        }

        var code = CodeGenerator.Generate(o.TokenLength, o.AlphanumericToken);
        var expiresAt = now + TimeSpan.FromSeconds(o.TokenExpirySeconds);
        record.ChallengeState = ChallengeStates.Open;
        record.ChallengeMode = mode;
        record.ChallengeMobile = mobile;
        record.CodeVersion++;
        record.CodeHash = CodeHasher.Hash(keySet.HmacKey, CodeContext(record), code);
        record.CodeExpiresAt = expiresAt;
        record.LastSentAt = now;
        record.DeliveryVersion = 0;
        record.DeliveryState = null;
        var etag = await WriteAsync(record, isNew, cancellationToken).ConfigureAwait(false);

        await queue.EnqueueAsync(new DeliveryRequest(record.PartitionKey, record.CodeVersion, etag, expiresAt,
            new DeliveryPayload(record.ChallengeNonce!, mobile, code)), cancellationToken).ConfigureAwait(false);
        LogCodeQueued(logger, record.PartitionKey, masked, record.CodeVersion);
        audit.Send(user.Tenant, record.PartitionKey, operation, OtpStatuses.Sent, masked, numberKey[..NumberKey.AuditLength]);

        return new SendResponse(OtpStatuses.Sent)
        {
            ChallengeId = id.ToString(),
            MaskedMobile = MobileMask.Mask(mobile),
            ExpiresAt = expiresAt,
            ResendAvailableAt = now + TimeSpan.FromSeconds(o.ResendCooldownSeconds),
            CodeLength = o.TokenLength,
        };
    }

    private static UserRecord NewRecord(UserKey user) =>
        new() { PartitionKey = user.PartitionKey, Tenant = user.Tenant, UserId = user.UserId };

    private static void ResetChallenge(UserRecord record, ChallengeId id, DateTimeOffset now)
    {
        record.ChallengeNonce = id.Nonce;
        record.ChallengeCreatedAt = now;
        record.ChallengeAttempts = 0;
        record.ResendCount = 0;
        record.ChallengeMobile = null;
        record.CodeHash = null;
        record.CodeExpiresAt = null;
        record.VerifiedAt = null;
        record.LastSentAt = null;
        record.DeliveryVersion = 0;
        record.DeliveryState = null;
    }

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

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Send refused for user {UserKey} to {MaskedMobile}: {Limit} rate limit reached")]
    private static partial void LogRateLimited(ILogger logger, string userKey, string limit, string maskedMobile);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Send refused: user {UserKey} is locked")]
    private static partial void LogSendRefusedLocked(ILogger logger, string userKey);
}
