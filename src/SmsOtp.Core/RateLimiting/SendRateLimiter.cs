namespace SmsOtp.Core.RateLimiting;

/// <summary>
/// The send limits (<c>SmsOtp:RateLimits</c>), checked before anything is queued: per user on the user's
/// row (free), then per tenant (a leased block, almost always free), then per number (one insert-only row), then
/// per end-user IP address when the request names one (one more insert-only row).
/// </summary>
public sealed class SendRateLimiter(
    NumberSendLimiter numbers,
    TenantSendLimiter tenants,
    IpSendLimiter ips,
    TenantOptions<RateLimitOptions> options)
{
    /// <summary>Checks and records the per-user limit on the row the send is about to write.</summary>
    public RateLimitDecision CheckUser(UserRecord record, DateTimeOffset now) =>
        UserSendLog.TryRecord(record, options.For(record.Tenant).SendsPerUserPerHour, now);

    /// <summary>
    /// A scope for one request: the shared limits are taken once, even when the request's conditional row
    /// write loses a race and the send is decided again.
    /// </summary>
    public SendPermits BeginRequest() => new(this);

    internal async Task<RateLimitDecision> AcquireSharedAsync(string tenant, string numberKey, string? ipKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var o = options.For(tenant);
        var tenantDecision = await tenants.TryAcquireAsync(tenant, o.SendsPerTenantPerMinute, now, cancellationToken).ConfigureAwait(false);
        if (!tenantDecision.Allowed)
        {
            return tenantDecision;
        }

        var numberDecision = await numbers.TryAcquireAsync(numberKey, o.SendsPerNumberPerHour, now, cancellationToken).ConfigureAwait(false);
        if (!numberDecision.Allowed || ipKey is null)
        {
            return numberDecision;
        }

        return await ips.TryAcquireAsync(ipKey, o.SendsPerIpPerHour, now, cancellationToken).ConfigureAwait(false);
    }
}
