namespace SmsOtp.Core.Configuration;

/// <summary><c>SmsOtp:AccountLock</c>: WSO2's account lock handler settings.</summary>
public sealed class AccountLockOptions
{
    public bool Enabled { get; set; } = true;
    public int MaxFailedAttempts { get; set; } = 5;
    public int DurationSeconds { get; set; } = 300;
    public double DurationRatio { get; set; } = 2;
}
