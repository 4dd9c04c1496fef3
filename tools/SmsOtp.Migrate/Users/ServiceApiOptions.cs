namespace SmsOtp.Migrate.Users;

/// <summary>Retry and timeout of the calls to the service (tests shorten them).</summary>
public sealed class ServiceApiOptions
{
    public int MaxRetries { get; init; } = 6;
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public HttpMessageHandler? InnerHandler { get; init; }
}
