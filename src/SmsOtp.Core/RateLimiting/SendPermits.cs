namespace SmsOtp.Core.RateLimiting;

/// <summary>
/// The shared-limit permits of one request (<see cref="SendRateLimiter.BeginRequest"/>). Optimistic retries
/// of the same send reuse the permit taken for the same tenant and number instead of counting twice.
/// </summary>
public sealed class SendPermits
{
    private readonly SendRateLimiter _limiter;
    private (string Tenant, string NumberKey, string? IpKey, RateLimitDecision Decision)? _taken;

    internal SendPermits(SendRateLimiter limiter) => _limiter = limiter;

    /// <param name="ipKey">The end user's address as <see cref="IpKey"/>; null when the request names none.</param>
    public async Task<RateLimitDecision> AcquireAsync(string tenant, string numberKey, string? ipKey, DateTimeOffset now, CancellationToken cancellationToken)
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
