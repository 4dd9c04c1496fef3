using SmsOtp.Client;

namespace SmsOtp.Sample.SignIn;

/// <summary>What to tell the user for an outcome of the SMS OTP step (a verify status, a problem code, a hosted page's <c>error=</c>).</summary>
public static class OtpMessages
{
    public static string For(string status, DateTimeOffset? lockedUntil = null) => status switch
    {
        VerifyStatus.Expired => "The code has expired. Send a new code.",
        VerifyStatus.AttemptsExhausted => "Too many wrong codes. Please sign in again.",
        VerifyStatus.Consumed => "This code was already used. Please sign in again.",
        VerifyStatus.Locked or ProblemCodes.AccountLocked => lockedUntil is { } until
            ? $"Your account is locked until {until:u}."
            : "Your account is locked for a while.",
        ProblemCodes.ChallengeNotFound => "This sign-in has ended or a newer one replaced it. Please sign in again.",
        ProblemCodes.DeliveryFailed => "The SMS could not be delivered. Please sign in again, or use a backup code.",
        ProblemCodes.ResultNotFound => "That sign-in result was already used or has expired. Please sign in again.",
        ProblemCodes.RateLimited => "Too many codes were sent. Please try again later.",
        ProblemCodes.ResendLimitReached => "No more new codes for this sign-in. Please sign in again.",
        _ => "The second step did not succeed. Please sign in again.",
    };
}
