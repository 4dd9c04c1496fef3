namespace SmsOtp.Core.Users;

/// <summary>The new backup codes, shown once.</summary>
public sealed record BackupCodesResponse(IReadOnlyList<string> Codes);
