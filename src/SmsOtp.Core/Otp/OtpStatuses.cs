namespace SmsOtp.Core.Otp;

/// <summary>The <c>status</c> values of send and verify bodies, and the reasons of skipped/mobile_required.</summary>
public static class OtpStatuses
{
    public const string Sent = "sent";
    public const string Skipped = "skipped";
    public const string MobileRequired = "mobile_required";

    public const string Verified = "verified";
    public const string InvalidCode = "invalid_code";
    public const string Expired = "expired";
    public const string AttemptsExhausted = "attempts_exhausted";
    public const string Consumed = "consumed";
    public const string Locked = "locked";
    public const string DeliveryFailed = "delivery_failed";

    public const string ReasonDisabledByUser = "disabled_by_user";
    public const string ReasonNoMobile = "no_mobile";
    public const string ReasonUserNotFound = "user_not_found";
    public const string ReasonCapture = "capture";
    public const string ReasonDirect = "direct";
    public const string ReasonTrustedDevice = "trusted_device";

    public const string MethodSms = "sms";
    public const string MethodBackupCode = "backup_code";
}
