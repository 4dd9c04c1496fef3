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
    internal RateLimitDecision CheckUser(UserRecord record, DateTimeOffset now) =>
        UserSendLog.TryRecord(record, options.For(record.Tenant).SendsPerUserPerHour, now);

    /// <summary>
    /// A scope for one request: the shared limits are taken once, even when the request's conditional row
    /// write loses a race and the send is decided again.
    /// </summary>
    internal SendPermits BeginRequest() => new(this);

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

/// <summary>
/// The shared-limit permits of one request (<see cref="SendRateLimiter.BeginRequest"/>). Optimistic retries
/// of the same send reuse the permit taken for the same tenant and number instead of counting twice.
/// </summary>
internal sealed class SendPermits
{
    private readonly SendRateLimiter _limiter;
    private (string Tenant, string NumberKey, string? IpKey, RateLimitDecision Decision)? _taken;

    internal SendPermits(SendRateLimiter limiter) => _limiter = limiter;

    /// <param name="ipKey">The end user's address as <see cref="IpKey"/>; null when the request names none.</param>
    internal async Task<RateLimitDecision> AcquireAsync(string tenant, string numberKey, string? ipKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_taken is { } t && t.Tenant == tenant && t.NumberKey == numberKey && t.IpKey == ipKey)
        {
            return t.Decision;
        }

        var decision = await _limiter.AcquireSharedAsync(tenant, numberKey, ipKey, now, cancellationToken).ConfigureAwait(false);
        _taken = (tenant, numberKey, ipKey, decision);
        return decision;
    }
}

/// <summary>Whether a send may go out; when refused, which limit (user, number, tenant, ip) and when to retry.</summary>
internal sealed record RateLimitDecision(bool Allowed, string? Limit, TimeSpan RetryAfter)
{
    public const string User = "user";
    public const string Number = "number";
    public const string Tenant = "tenant";
    public const string Ip = "ip";

    public static RateLimitDecision Allow { get; } = new(true, null, TimeSpan.Zero);

    public static RateLimitDecision Refuse(string limit, TimeSpan retryAfter) =>
        new(false, limit, retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter);
}

/// <summary>
/// The per-user limit, kept on the user's own row (<see cref="UserRecord.RecentSends"/>: the Unix seconds of
/// the sends of the last hour). The send writes that row anyway, conditionally, so the limit costs no
/// storage transaction and holds under parallel sends; it is a true sliding hour.
/// </summary>
internal static class UserSendLog
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>Refuses, or records the send on the (not yet written) row.</summary>
    public static RateLimitDecision TryRecord(UserRecord record, int limit, DateTimeOffset now)
    {
        if (limit <= 0)
        {
            return RateLimitDecision.Allow;
        }

        var since = (now - Window).ToUnixTimeSeconds();
        var recent = Parse(record.RecentSends).Where(t => t > since).Order().ToList();
        if (recent.Count >= limit)
        {
            // The oldest send in the window must leave it before another fits.
            var oldest = DateTimeOffset.FromUnixTimeSeconds(recent[^limit]);
            return RateLimitDecision.Refuse(RateLimitDecision.User, oldest + Window - now);
        }

        recent.Add(now.ToUnixTimeSeconds());
        record.RecentSends = string.Join(',', recent.TakeLast(limit).Select(t => t.ToString(CultureInfo.InvariantCulture)));
        return RateLimitDecision.Allow;
    }

    private static IEnumerable<long> Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            yield break;
        }

        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                yield return t;
            }
        }
    }
}
