namespace SmsOtp.Core.Otp;

/// <summary>What a challenge is at a given time, derived from its row by <see cref="Challenge.StatusAt"/>.</summary>
public enum ChallengeStatus
{
    /// <summary>Waiting for <c>POST /api/otp/mobile</c> (capture or direct mode).</summary>
    AwaitingMobile,

    /// <summary>A code was issued and can still be verified.</summary>
    Pending,

    /// <summary>The code's lifetime (or, waiting for a number, the challenge's) has passed.</summary>
    Expired,

    /// <summary>Verified: the challenge is consumed.</summary>
    Verified,

    /// <summary>No tries left (<c>MaxAttemptsPerChallenge</c>, or one try without <c>RetryEnable</c>).</summary>
    AttemptsExhausted,

    /// <summary>Every delivery attempt failed; the code never reached the user.</summary>
    Undeliverable,
}
