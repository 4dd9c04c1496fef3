using System.ComponentModel.DataAnnotations;

namespace SmsOtp.Core.Policy;

/// <summary><c>SmsOtp:AccountLock</c>: WSO2's account lock handler settings.</summary>
public sealed class AccountLockOptions
{
    public bool Enabled { get; set; } = true;

    [Range(1, 1000)]
    public int MaxFailedAttempts { get; set; } = 5;

    [Range(1, 31_536_000)]
    public int DurationSeconds { get; set; } = 300;

    [Range(1d, 100d)]
    public double DurationRatio { get; set; } = 2;
}
