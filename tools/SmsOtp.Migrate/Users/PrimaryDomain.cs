namespace SmsOtp.Migrate.Users;

/// <summary>
/// What to do with WSO2's primary user-store domain in user names. WSO2 qualifies users of secondary stores
/// (<c>SECONDARY/bob</c>) but often leaves <c>PRIMARY/</c> out (<c>alice</c>), depending on the export.
/// </summary>
public enum PrimaryDomain
{
    /// <summary>Names without a domain get <c>PRIMARY/</c> (default): every id is domain-qualified, whatever the export did.</summary>
    Add,

    /// <summary><c>PRIMARY/</c> is removed: ids as WSO2 puts them into tokens for primary users (<c>alice</c>).</summary>
    Strip,

    /// <summary>Names as exported.</summary>
    Keep,
}
