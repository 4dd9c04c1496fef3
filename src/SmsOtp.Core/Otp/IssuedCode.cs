namespace SmsOtp.Core.Otp;

/// <summary>A code <see cref="Challenge.IssueCode"/> made: the code itself (for delivery only), its version and expiry.</summary>
public sealed record IssuedCode(string Code, int Version, DateTimeOffset ExpiresAt);
