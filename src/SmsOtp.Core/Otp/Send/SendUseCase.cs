namespace SmsOtp.Core.Otp.Send;

/// <summary>
/// The send (spec §3's decision table): read the row, decide through <see cref="Challenge"/>, write the row
/// conditionally (ETag), retried on conflict, so every limit holds under parallel requests.
/// </summary>
public sealed class SendUseCase(
    IUserStore store,
    MobileNumberParser numbers,
    TenantOptions<PolicyOptions> policies,
    TimeProvider time,
    SendRateLimiter limiter,
    IdempotentReplay idempotent,
    CodeIssuer issuer,
    DeviceTrust devices,
    OtpOutcomes outcomes)
{
    private const string Op = SendOperations.Send;

    /// <param name="idempotency">With an <c>Idempotency-Key</c>: a repeat while the challenge is open answers as the first call did.</param>
    public async Task<Outcome<SendResponse>> SendAsync(SendRequest send, CancellationToken cancellationToken, IdempotentCall? idempotency = null)
    {
        using var span = SmsOtpTelemetry.StartSend();
        var user = policies.KeyOf(send.User);
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
            if (await idempotent.ReplayAsync(record, Op, idempotency, now, cancellationToken).ConfigureAwait(false) is { } replay)
            {
                return replay;
            }
            if (record is not null && AccountLock.ActiveUntil(record, now) is { } until)
            {
                outcomes.Send(new SendOutcome(Op, user.Tenant, ProblemCodes.AccountLocked, record.Mobile) { UserKey = user.PartitionKey });
                return (Outcome<SendResponse>)Problem.Locked(until);
            }

            // A remembered device (spec §15.1): the row just read answers it; nothing written, nothing sent.
            if (record is not null && await devices.IsTrustedAsync(record, send.DeviceToken?.Value, cancellationToken).ConfigureAwait(false))
            {
                outcomes.Send(new SendOutcome(Op, user.Tenant, OtpStatuses.Skipped, record.Mobile)
                    { UserKey = user.PartitionKey, Detail = OtpStatuses.ReasonTrustedDevice });
                return Skipped(OtpStatuses.ReasonTrustedDevice);
            }

            if (record is { HasProfile: true })
            {
                if (record.SmsOtpDisabled && o.EnableByUserClaim && !o.Mandatory)
                {
                    outcomes.Count(Op, user.Tenant, OtpStatuses.Skipped);
                    return Skipped(OtpStatuses.ReasonDisabledByUser);
                }

                if (record.Mobile is { } mobile)
                {
                    // The number may predate the entry rules (country list, blocked types): they hold for a stored one too.
                    if (Problem.ForMobile(numbers.Check(mobile, user.Tenant), detail: null) is { } refusal)
                    {
                        outcomes.Send(new SendOutcome(Op, user.Tenant, refusal.Code, mobile) { UserKey = user.PartitionKey });
                        return refusal;
                    }

                    return await issuer.IssueAsync(user, record, challenge: null, send, mobile, Op, permits, idempotency, cancellationToken).ConfigureAwait(false);
                }

                if (o.Mandatory && o.CaptureAndUpdateMobileNumber)
                {
                    return await AwaitMobileAsync(send, record, Challenge.ModeCapture, OtpStatuses.ReasonCapture, idempotency, cancellationToken)
                        .ConfigureAwait(false);
                }

                outcomes.Count(Op, user.Tenant, o.Mandatory ? ProblemCodes.MobileNotRegistered : OtpStatuses.Skipped);
                return o.Mandatory ? Problem.MobileNotRegistered() : Skipped(OtpStatuses.ReasonNoMobile);
            }

            if (o.Mandatory && o.SendOtpDirectlyToMobile)
            {
                return await AwaitMobileAsync(send, record, Challenge.ModeDirect, OtpStatuses.ReasonDirect, idempotency, cancellationToken).ConfigureAwait(false);
            }

            outcomes.Count(Op, user.Tenant, o.Mandatory ? ProblemCodes.UserNotFound : OtpStatuses.Skipped);
            return o.Mandatory ? Problem.UnknownUserOnSend() : Skipped(OtpStatuses.ReasonUserNotFound);
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Outcome<SendResponse>> AwaitMobileAsync(SendRequest send, UserRecord? record, string mode, string reason, IdempotentCall? idempotency,
        CancellationToken cancellationToken)
    {
        var isNew = record is null;
        record ??= CodeIssuer.NewRecord(send.User);
        var challenge = Challenge.Start(record, policies.For(send.User.Tenant), time.GetUtcNow(), send);
        challenge.AwaitMobile(mode);
        var response = new SendResponse(OtpStatuses.MobileRequired) { ChallengeId = challenge.Id, Reason = reason };
        await idempotent.RecordAsync(record, Op, idempotency, response, cancellationToken).ConfigureAwait(false);
        await issuer.WriteAsync(record, isNew, cancellationToken).ConfigureAwait(false);
        outcomes.Count(Op, send.User.Tenant, OtpStatuses.MobileRequired);
        return response;
    }

    private static SendResponse Skipped(string reason) => new(OtpStatuses.Skipped) { Reason = reason };
}

/// <summary>
/// A send's own <c>codeLength</c> and <c>expiresInSeconds</c> (spec §15.3): refused with 400 naming the bound when
/// outside the tenant's (<see cref="CodeBounds"/>); kept on the challenge, so a resend issues the same kind of code.
/// </summary>
internal static class CodeSettings
{
    /// <summary>Why the send's settings are refused under <paramref name="policy"/>, or null.</summary>
    public static ApiProblem? Refuse(SendRequest send, PolicyOptions policy) =>
        OutOfBounds("codeLength", send.CodeLength, policy, CodeBounds.Length, nameof(PolicyOptions.MinTokenLength), nameof(PolicyOptions.MaxTokenLength))
        ?? OutOfBounds("expiresInSeconds", send.ExpiresInSeconds, policy, CodeBounds.ExpirySeconds,
            nameof(PolicyOptions.MinTokenExpirySeconds), nameof(PolicyOptions.MaxTokenExpirySeconds));

    /// <summary>
    /// The problem of a field below or above the tenant's bounds (each named by its policy key); null when absent or within.
    /// The bounds are worked out only for a field the send gave (most sends give none).
    /// </summary>
    private static ApiProblem? OutOfBounds(string field, int? value, PolicyOptions policy, Func<PolicyOptions, (int Min, int Max)> bounds, string minKey, string maxKey)
    {
        if (value is not { } given)
        {
            return null;
        }

        var (min, max) = bounds(policy);
        return given < min ? Problem.Validation($"'{field}' {given} is below this tenant's {minKey} ({min}).")
            : given > max ? Problem.Validation($"'{field}' {given} is above this tenant's {maxKey} ({max}).")
            : null;
    }
}
