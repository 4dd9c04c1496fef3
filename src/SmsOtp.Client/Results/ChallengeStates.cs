namespace SmsOtp.Client;

/// <summary>The values of <see cref="ChallengeStatus.State"/>.</summary>
public static class ChallengeStates
{
    /// <summary>Waits for a number (<see cref="SmsOtpClient.SubmitMobileAsync(MobileRequest, CancellationToken)"/>).</summary>
    public const string AwaitingMobile = "awaiting_mobile";

    /// <summary>A code is out and may be verified.</summary>
    public const string Pending = "pending";

    /// <summary>Verified.</summary>
    public const string Verified = "verified";

    /// <summary>The code (or the wait for a number) expired.</summary>
    public const string Expired = "expired";

    /// <summary>No more tries.</summary>
    public const string AttemptsExhausted = "attempts_exhausted";
}
