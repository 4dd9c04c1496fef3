namespace SmsOtp.Migrate.Users;

/// <summary>What each reason and note code of the report means (printed as a legend for the codes that occur).</summary>
public static class ReasonTexts
{
    private static readonly Dictionary<string, string> Texts = new(StringComparer.Ordinal)
    {
        ["missing_user_name"] = "the SCIM resource has no userName",
        ["invalid_user_id"] = "the user name is longer than 256 characters or holds control characters",
        ["invalid_mobile"] = "the mobile number is not valid by libphonenumber (national numbers need --default-region)",
        ["country_not_allowed"] = "the service's AllowedCountryCodes refuse the number's country",
        ["invalid_disabled_claim"] = "the SMS OTP disabled claim is neither true nor false",
        ["invalid_backup_codes"] = "a backup code is not 4 to 32 letters or digits, or there are more than 100",
        ["duplicate"] = "the same user again with the same data; imported once",
        ["conflicting_duplicate"] = "the same user more than once with different data; none imported",
        ["unauthorized"] = "the service refused the function key (--key)",
        ["unreachable"] = "the service could not be reached (after retries)",
        ["timeout"] = "the service did not answer in time (after retries)",
        ["opt_out_not_applied"] = "note: the service is mandatory or has no per-user opt-out (EnableByUserClaim), so the opt-out was left out, as WSO2 ignores it then",
        ["backup_codes_kept"] = "note: the profile already had backup codes; WSO2's set was not imported again (--overwrite-backup-codes replaces them)",
        ["backup_codes_not_restored"] = "note: the profile existed without backup codes (spent, or a run stopped before importing them); not imported, so spent codes do not come back (--overwrite-backup-codes imports them)",
        ["backup_codes_disabled"] = "note: the service has BackupCode off; codes not imported",
        ["backup_codes_imported"] = "note: backup codes imported (stored hashed)",
    };

    public static string Describe(string code) =>
        Texts.TryGetValue(code, out var text) ? text
        : code.StartsWith("backup_codes:", StringComparison.Ordinal) ? "the profile was written but the service refused the backup codes (" + code["backup_codes:".Length..] + ")"
        : code.StartsWith("http_", StringComparison.Ordinal) ? "the service answered HTTP " + code[5..]
        : "the service answered with the problem code " + code;
}
