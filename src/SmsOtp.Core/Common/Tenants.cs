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
