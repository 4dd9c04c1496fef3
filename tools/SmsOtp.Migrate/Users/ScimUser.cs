namespace SmsOtp.Migrate.Users;

/// <summary>
/// What the import needs of one SCIM user, as exported (not yet validated): the user name, the mobile
/// (<c>phoneNumbers[type=mobile]</c>), the SMS OTP disabled claim and the backup codes claim as text.
/// <see cref="Source"/> names the file and position for the report.
/// </summary>
public sealed record ScimUser(string Source, string? UserName, string? Mobile, string? Disabled, string? BackupCodes);
