using System.Text.RegularExpressions;

namespace SmsOtp.Core.Common;

/// <summary>Where tenants' own settings live: <c>SmsOtp:Tenants:&lt;tenant&gt;:&lt;key&gt;</c> (spec §10.1).</summary>
public static class Tenants
{
    public const string SectionName = SectionNames.Root + ":Tenants";

    /// <summary>Whether the tenant has a section of its own (configuration keys compare without case).</summary>
    public static bool IsConfigured(IConfiguration configuration, string tenant) =>
        configuration.GetSection(SectionName).GetSection(tenant).Exists();

    /// <summary>A tenant's key for a global key: <c>SmsOtp:TokenLength</c> → <c>SmsOtp:Tenants:beta:TokenLength</c>.</summary>
    public static string KeyFor(string tenant, string globalKey) =>
        globalKey == SectionNames.Root
            ? $"{SectionName}:{tenant}"
            : $"{SectionName}:{tenant}{globalKey[SectionNames.Root.Length..]}";
}

/// <summary>What a tenant is called (spec §2): the name a request gives, and the one it gets when it gives none.</summary>
internal static partial class TenantNames
{
    public const string Default = "default";

    public const string Rule = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    public static bool IsValid(string? tenant) => tenant is not null && Pattern().IsMatch(tenant);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
