namespace SmsOtp.Core.RateLimiting;

/// <summary>
/// <c>SmsOtp:RateLimits</c>: how many SMS may be sent, counted by send, mobile and resend alike. Zero turns
/// a limit off. The per-number limit counts across users and tenants, so one victim number cannot be
/// flooded through many accounts or direct mode.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "SmsOtp:RateLimits";

    public int SendsPerUserPerHour { get; set; } = 10;
    public int SendsPerNumberPerHour { get; set; } = 10;
    public int SendsPerTenantPerMinute { get; set; } = 1000;
}
