using System.Text.RegularExpressions;

namespace SmsOtp.Core.Common;

/// <summary>What a tenant is called (spec §2): the name a request gives, and the one it gets when it gives none.</summary>
public static partial class TenantNames
{
    public const string Default = "default";

    public const string Rule = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    public static bool IsValid(string? tenant) => tenant is not null && Pattern().IsMatch(tenant);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
