namespace SmsOtp.Core.RateLimiting;

/// <summary>Whether a send may go out; when refused, which limit (user, number, tenant, ip) and when to retry.</summary>
public sealed record RateLimitDecision(bool Allowed, string? Limit, TimeSpan RetryAfter)
{
    public const string User = "user";
    public const string Number = "number";
    public const string Tenant = "tenant";
    public const string Ip = "ip";

    public static RateLimitDecision Allow { get; } = new(true, null, TimeSpan.Zero);

    public static RateLimitDecision Refuse(string limit, TimeSpan retryAfter) =>
        new(false, limit, retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter);
}
