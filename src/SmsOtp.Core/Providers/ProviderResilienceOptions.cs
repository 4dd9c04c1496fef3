using System.ComponentModel.DataAnnotations;

namespace SmsOtp.Core.Providers;

/// <summary>
/// Resilience of provider calls, <c>SmsOtp:Delivery:*</c>. Each provider gets its own retry and circuit
/// breaker; the per-attempt timeout is the provider's <c>TimeoutSeconds</c>. Small values make tests fast.
/// </summary>
public sealed class ProviderResilienceOptions : IValidatedOptions
{
    public const string SectionName = Common.SectionNames.Root + ":Delivery";

    /// <summary>Retries of a transient failure (connect error, timeout, 429, 5xx) per provider, before the next provider.</summary>
    [Range(0, 10)]
    public int RetryCount { get; set; } = 2;

    /// <summary>The first retry's delay; later ones double (with jitter) up to <see cref="RetryMaxDelayMilliseconds"/>.</summary>
    [Range(1, 60000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 500;

    /// <summary>The cap of the exponential backoff.</summary>
    [Range(1, 300000)]
    public int RetryMaxDelayMilliseconds { get; set; } = 5_000;

    /// <summary>The longest <c>Retry-After</c> honoured; a provider asking for longer is failed over at once.</summary>
    [Range(0, 300)]
    public int MaxRetryAfterSeconds { get; set; } = 30;

    /// <summary>The share of transient failures within the sampling window that opens a provider's breaker.</summary>
    [Range(0.01d, 1d)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls within the window before the breaker may open.</summary>
    [Range(2, 10000)]
    public int BreakerMinimumThroughput { get; set; } = 10;

    [Range(1, 3600)]

    public int BreakerSamplingSeconds { get; set; } = 30;

    /// <summary>How long an open breaker skips the provider before a trial call.</summary>
    [Range(1, 3600)]
    public int BreakerDurationSeconds { get; set; } = 30;

    public void Validate(OptionsErrors errors)
    {
        if (RetryMaxDelayMilliseconds < RetryBaseDelayMilliseconds)
        {
            errors.Add($"{errors.Prefix}{nameof(RetryMaxDelayMilliseconds)} must not be less than {nameof(RetryBaseDelayMilliseconds)}.");
        }
    }
}
