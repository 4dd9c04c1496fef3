namespace SmsOtp.Core.Users;

/// <summary>The profile as <c>GET /api/users</c> shows it (spec §2.5).</summary>
public sealed record ProfileResponse(
    string Tenant,
    string UserId,
    string? MaskedMobile,
    bool SmsOtpDisabled,
    int BackupCodesRemaining,
    DateTimeOffset? LockedUntil,
    int FailedAttempts);
