using Microsoft.Extensions.Options;

namespace SmsOtp.Core.Configuration;

/// <summary>Validates <see cref="DeliveryOptions"/> on start; messages name the key.</summary>
public sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions o)
    {
        var errors = new OptionsErrors(DeliveryOptions.SectionName);
        var prefix = errors.Prefix;
        errors.Range(nameof(o.RetryCount), o.RetryCount, 0, 10);
        errors.Range(nameof(o.RetryBaseDelayMilliseconds), o.RetryBaseDelayMilliseconds, 1, 60_000);
        errors.Range(nameof(o.RetryMaxDelayMilliseconds), o.RetryMaxDelayMilliseconds, 1, 300_000);
        errors.Range(nameof(o.MaxRetryAfterSeconds), o.MaxRetryAfterSeconds, 0, 300);
        errors.Range(nameof(o.BreakerFailureRatio), o.BreakerFailureRatio, 0.01, 1);
        errors.Range(nameof(o.BreakerMinimumThroughput), o.BreakerMinimumThroughput, 2, 10_000);
        errors.Range(nameof(o.BreakerSamplingSeconds), o.BreakerSamplingSeconds, 1, 3_600);
        errors.Range(nameof(o.BreakerDurationSeconds), o.BreakerDurationSeconds, 1, 3_600);
        if (o.RetryMaxDelayMilliseconds < o.RetryBaseDelayMilliseconds)
        {
            errors.Add($"{prefix}{nameof(o.RetryMaxDelayMilliseconds)} must not be less than {nameof(o.RetryBaseDelayMilliseconds)}.");
        }

        return errors.Result();
    }
}
