// Linked into SmsOtp.Core as well, like DeliveryStatuses.cs (which says why).
#if SMSOTP_SERVER
namespace SmsOtp.Core.Otp;
#else
namespace SmsOtp.Client;
#endif

/// <summary>The values of <see cref="P:SmsOtp.Client.VerifyResult.Status"/>. Only <see cref="Verified"/> authenticates.</summary>
public static class VerifyStatus
{
    /// <summary>The code (or a backup code) is right; the challenge is consumed. The only status that authenticates.</summary>
    public const string Verified = "verified";

    /// <summary>Wrong code; see <see cref="P:SmsOtp.Client.VerifyResult.AttemptsRemaining"/> and <see cref="P:SmsOtp.Client.VerifyResult.RetryAllowed"/>.</summary>
    public const string InvalidCode = "invalid_code";

    /// <summary>The code's lifetime passed: offer a resend or a new send.</summary>
    public const string Expired = "expired";

    /// <summary>This challenge allows no more tries.</summary>
    public const string AttemptsExhausted = "attempts_exhausted";

    /// <summary>This challenge was already verified.</summary>
    public const string Consumed = "consumed";

    /// <summary>The account is locked until <see cref="P:SmsOtp.Client.VerifyResult.LockedUntil"/>.</summary>
    public const string Locked = "locked";

    /// <summary>The SMS could not be delivered by any provider.</summary>
    public const string DeliveryFailed = "delivery_failed";
}
