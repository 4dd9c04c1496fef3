namespace SmsOtp.Client;

/// <summary>The values of <see cref="SendResult.Reason"/>.</summary>
public static class SendReasons
{
    /// <summary><see cref="SendStatus.Skipped"/>: the user opted out of SMS OTP.</summary>
    public const string DisabledByUser = "disabled_by_user";

    /// <summary><see cref="SendStatus.Skipped"/>: the user has no number and SMS OTP is not mandatory.</summary>
    public const string NoMobile = "no_mobile";

    /// <summary><see cref="SendStatus.Skipped"/>: the service knows no such user and SMS OTP is not mandatory.</summary>
    public const string UserNotFound = "user_not_found";

    /// <summary><see cref="SendStatus.Skipped"/>: the send carried a live device token of this user (the step is done).</summary>
    public const string TrustedDevice = "trusted_device";

    /// <summary><see cref="SendStatus.MobileRequired"/>: the number is saved to the profile once the code is verified.</summary>
    public const string Capture = "capture";

    /// <summary><see cref="SendStatus.MobileRequired"/>: the number is used for this challenge only, never stored.</summary>
    public const string Direct = "direct";
}
