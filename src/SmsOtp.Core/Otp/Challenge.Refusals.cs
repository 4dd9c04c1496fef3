namespace SmsOtp.Core.Otp;

/// <summary>The challenge's answers to the API when its state refuses a request (spec §2): its verdicts and refusals.</summary>
public sealed partial class Challenge
{
    /// <summary>
    /// The verify status (spec §2.3) this challenge answers without looking at a code — consumed, locked,
    /// delivery failed, attempts exhausted or expired, in that order — or null when a code is to be checked.
    /// The hosted pages show the same statuses as their error page.
    /// </summary>
    public string? Verdict(DateTimeOffset now)
    {
        var status = StatusAt(now);
        if (status == ChallengeStatus.Verified)
        {
            return OtpStatuses.Consumed;
        }

        if (LockedUntil(now) is not null)
        {
            return OtpStatuses.Locked;
        }

        return status switch
        {
            ChallengeStatus.Undeliverable => OtpStatuses.DeliveryFailed,
            ChallengeStatus.AttemptsExhausted => OtpStatuses.AttemptsExhausted,
            ChallengeStatus.Expired => OtpStatuses.Expired,
            _ => null,
        };
    }

    /// <summary>Why <c>POST /api/otp/mobile</c> cannot take a number now (spec §2.2), or null.</summary>
    public ApiProblem? RefuseMobile(DateTimeOffset now)
    {
        switch (StatusAt(now))
        {
            case ChallengeStatus.AwaitingMobile:
                return LockedUntil(now) is { } until ? Problem.Locked(until) : null;
            case ChallengeStatus.Expired when PhaseOf(_row) == Phase.AwaitingMobile:
                return Problem.ChallengeState("The challenge expired while waiting for a mobile number; start a new send.");
            default:
                return Problem.ChallengeState("The challenge is not waiting for a mobile number.");
        }
    }

    /// <summary>Why <c>POST /api/otp/resend</c> is refused now (spec §2.4), or null. An expired code may be resent.</summary>
    public ApiProblem? RefuseResend(DateTimeOffset now)
    {
        var problem = StatusAt(now) switch
        {
            ChallengeStatus.Verified => Problem.ChallengeState("The challenge was already verified."),
            _ when PhaseOf(_row) == Phase.AwaitingMobile => Problem.ChallengeState("The challenge is waiting for a mobile number."),
            ChallengeStatus.Undeliverable => Problem.DeliveryFailed(),
            ChallengeStatus.AttemptsExhausted => Problem.ChallengeState("The challenge has no attempts left."),
            _ => null,
        };
        if (problem is not null)
        {
            return problem;
        }

        if (LockedUntil(now) is { } until)
        {
            return Problem.Locked(until);
        }

        if (_row.ResendCount >= _policy.MaximumResendAttempts)
        {
            return Problem.ResendLimitReached(_policy.MaximumResendAttempts);
        }

        var available = ResendAvailableAt(now);
        return available > now ? Problem.ResendTooSoon(available - now) : null;
    }
}
