namespace SmsOtp.Core.Otp;

/// <summary>
/// The <c>status</c> values of send and verify bodies, and the reasons of skipped/mobile_required. The verify statuses are
/// the client package's <see cref="VerifyStatus"/>, linked into the server.
/// </summary>
public static class OtpStatuses
{
    public const string Sent = "sent";
    public const string Skipped = "skipped";
    public const string MobileRequired = "mobile_required";

    public const string Verified = VerifyStatus.Verified;
    public const string InvalidCode = VerifyStatus.InvalidCode;
    public const string Expired = VerifyStatus.Expired;
    public const string AttemptsExhausted = VerifyStatus.AttemptsExhausted;
    public const string Consumed = VerifyStatus.Consumed;
    public const string Locked = VerifyStatus.Locked;
    public const string DeliveryFailed = VerifyStatus.DeliveryFailed;

    public const string ReasonDisabledByUser = "disabled_by_user";
    public const string ReasonNoMobile = "no_mobile";
    public const string ReasonUserNotFound = "user_not_found";
    public const string ReasonCapture = "capture";
    public const string ReasonDirect = "direct";
    public const string ReasonTrustedDevice = "trusted_device";

    public const string MethodSms = "sms";
    public const string MethodBackupCode = "backup_code";
}
