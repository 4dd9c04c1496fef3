namespace SmsOtp.Client;

/// <summary>The values of <see cref="HealthReport.Status"/>.</summary>
public static class HealthStatus
{
    /// <summary>Every check passed.</summary>
    public const string Healthy = "healthy";

    /// <summary>A dependency did not answer (the service answered 503).</summary>
    public const string Unhealthy = "unhealthy";
}
