namespace SmsOtp.Migrate.Users;

/// <summary>
/// What to do with WSO2's primary user-store domain in user names. WSO2 qualifies users of secondary stores
/// (<c>SECONDARY/bob</c>) but often leaves <c>PRIMARY/</c> out (<c>alice</c>), depending on the export.
/// The default keeps names as exported: the user id is the app's <c>userName</c> (spec §12), and an id changed
/// by the import finds no profile, so a non-mandatory tenant would skip the second factor for that user.
/// </summary>
public enum PrimaryDomain
{
    /// <summary>Names as exported (default).</summary>
    Keep,

    /// <summary>Names without a domain get <c>PRIMARY/</c>: every id is domain-qualified, whatever the export did.</summary>
    Add,

    /// <summary><c>PRIMARY/</c> is removed: ids as WSO2 puts them into tokens for primary users (<c>alice</c>).</summary>
    Strip,
}
