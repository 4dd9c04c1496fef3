using System.Text;

namespace SmsOtp.Migrate.Users;

/// <summary>
/// User ids from WSO2 user names: the user-store domain prefix is kept (<c>SECONDARY/bob</c>), the primary
/// domain handled by <see cref="PrimaryDomain"/>; ids must be 1 to 256 characters without control characters
/// (spec §2). <see cref="DuplicateKey"/> is how two rows are found to be one user: Unicode NFC, and without
/// case unless case-sensitive (as <c>CaseInsensitiveUserIds</c> makes the service compare them).
/// </summary>
public sealed class UserIds(PrimaryDomain primaryDomain, bool caseSensitive)
{
    private const string Primary = "PRIMARY/";

    public string Normalize(string userName)
    {
        var name = userName.Trim();
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var isPrimary = name.StartsWith(Primary, StringComparison.OrdinalIgnoreCase);
        return primaryDomain switch
        {
            PrimaryDomain.Add when slash < 0 => Primary + name,
            PrimaryDomain.Add when isPrimary => Primary + name[Primary.Length..],
            PrimaryDomain.Strip when isPrimary => name[Primary.Length..],
            _ => name,
        };
    }

    public static bool IsValid(string id) => id.Length is >= 1 and <= 256 && !id.Any(char.IsControl);

    public string DuplicateKey(string id)
    {
        var nfc = id.Normalize(NormalizationForm.FormC);
        return caseSensitive ? nfc : nfc.ToUpperInvariant();
    }
}
