namespace SmsOtp.Core.Otp;

/// <summary>What a wrong code did: the tries this challenge has left, and the lock's end when it locked the account.</summary>
public sealed record FailedAttempt(int AttemptsRemaining, DateTimeOffset? LockedUntil);
