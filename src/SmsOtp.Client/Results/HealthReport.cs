namespace SmsOtp.Client;

/// <summary>The health probe's answer (<c>GET /api/health</c>), healthy (200) or not (503).</summary>
public sealed record HealthReport
{
    /// <summary>One of <see cref="HealthStatus"/>.</summary>
    public required string Status { get; init; }

    /// <summary>One entry per dependency (<c>tables</c>, <c>queue</c>, <c>secrets</c>): <c>healthy</c> or <c>unhealthy: ...</c>.</summary>
    public required IReadOnlyDictionary<string, string> Checks { get; init; }

    /// <summary>True when every check passed.</summary>
    public bool IsHealthy => Status == HealthStatus.Healthy;
}
