namespace SmsOtp.Migrate.Users;

/// <summary>
/// One user to import, validated: the user id, the E.164 mobile (null: none in WSO2), the opt-out (null: the
/// claim is absent) and the backup codes (null: none). Codes are only ever sent to the service.
/// </summary>
public sealed record ImportRow(string Source, string UserId, string? Mobile, bool? SmsOtpDisabled, IReadOnlyList<string>? BackupCodes);
