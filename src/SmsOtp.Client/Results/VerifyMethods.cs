namespace SmsOtp.Client;

/// <summary>The values of <see cref="VerifyResult.Method"/>.</summary>
public static class VerifyMethods
{
    /// <summary>The SMS code.</summary>
    public const string Sms = "sms";

    /// <summary>A backup code (now spent).</summary>
    public const string BackupCode = "backup_code";
}
