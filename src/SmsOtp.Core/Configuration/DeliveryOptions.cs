namespace SmsOtp.Core.Configuration;

/// <summary>
/// Resilience of provider calls, <c>SmsOtp:Delivery:*</c>. Each provider gets its own retry and circuit
/// breaker; the per-attempt timeout is the provider's <c>TimeoutSeconds</c>. Small values make tests fast.
/// </summary>
public sealed class DeliveryOptions
{
    public const string SectionName = SmsOtpOptions.SectionName + ":Delivery";

    /// <summary>Retries of a transient failure (connect error, timeout, 429, 5xx) per provider, before the next provider.</summary>
    public int RetryCount { get; set; } = 2;

    /// <summary>The first retry's delay; later ones double (with jitter) up to <see cref="RetryMaxDelayMilliseconds"/>.</summary>
    public int RetryBaseDelayMilliseconds { get; set; } = 500;

    /// <summary>The cap of the exponential backoff.</summary>
    public int RetryMaxDelayMilliseconds { get; set; } = 5_000;

    /// <summary>The longest <c>Retry-After</c> honoured; a provider asking for longer is failed over at once.</summary>
    public int MaxRetryAfterSeconds { get; set; } = 30;

    /// <summary>The share of transient failures within the sampling window that opens a provider's breaker.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls within the window before the breaker may open.</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    public int BreakerSamplingSeconds { get; set; } = 30;

    /// <summary>How long an open breaker skips the provider before a trial call.</summary>
    public int BreakerDurationSeconds { get; set; } = 30;
}
