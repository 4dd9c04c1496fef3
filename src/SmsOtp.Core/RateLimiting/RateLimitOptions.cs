namespace SmsOtp.Core.RateLimiting;

/// <summary>
/// <c>SmsOtp:RateLimits</c>: how many SMS may be sent, counted by send, mobile and resend alike. Zero turns
/// a limit off. The per-number limit counts across users and tenants, so one victim number cannot be
/// flooded through many accounts or direct mode.
/// </summary>
public sealed class RateLimitOptions : IValidatedOptions
{
    public const string SectionName = "SmsOtp:RateLimits";

    public int SendsPerUserPerHour { get; set; } = 10;
    public int SendsPerNumberPerHour { get; set; } = 10;
    public int SendsPerTenantPerMinute { get; set; } = 1000;

    /// <summary>Per end-user IP address (<c>clientIp</c>, or the hosted pages' connection), across users and tenants (spec §9).</summary>
    public int SendsPerIpPerHour { get; set; } = 20;

    public const int MaxPerNumberOrUser = 1000;
    public const int MaxPerTenant = 1_000_000;
    public const int MaxPerIp = 100_000;

    public void Validate(OptionsErrors errors)
    {
        void Range(string key, int value, int max)
        {
            if (value < 0 || value > max)
            {
                errors.Add($"{errors.Prefix}{key} must be between 0 (off) and {max} (was {value}).");
            }
        }

        Range(nameof(SendsPerUserPerHour), SendsPerUserPerHour, MaxPerNumberOrUser);
        Range(nameof(SendsPerNumberPerHour), SendsPerNumberPerHour, MaxPerNumberOrUser);
        Range(nameof(SendsPerTenantPerMinute), SendsPerTenantPerMinute, MaxPerTenant);
        Range(nameof(SendsPerIpPerHour), SendsPerIpPerHour, MaxPerIp);
    }
}
