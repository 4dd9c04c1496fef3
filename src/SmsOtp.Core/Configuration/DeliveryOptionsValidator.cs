using Microsoft.Extensions.Options;

namespace SmsOtp.Core.Configuration;

/// <summary>Validates <see cref="DeliveryOptions"/> on start; messages name the key.</summary>
public sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    private const string P = DeliveryOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, DeliveryOptions o)
    {
        var errors = new List<string>();
        void Range(string key, double value, double min, double max)
        {
            if (double.IsNaN(value) || value < min || value > max)
            {
                errors.Add($"{P}{key} must be between {min} and {max} (was {value}).");
            }
        }

        Range(nameof(o.RetryCount), o.RetryCount, 0, 10);
        Range(nameof(o.RetryBaseDelayMilliseconds), o.RetryBaseDelayMilliseconds, 1, 60_000);
        Range(nameof(o.RetryMaxDelayMilliseconds), o.RetryMaxDelayMilliseconds, 1, 300_000);
        Range(nameof(o.MaxRetryAfterSeconds), o.MaxRetryAfterSeconds, 0, 300);
        Range(nameof(o.BreakerFailureRatio), o.BreakerFailureRatio, 0.01, 1);
        Range(nameof(o.BreakerMinimumThroughput), o.BreakerMinimumThroughput, 2, 10_000);
        Range(nameof(o.BreakerSamplingSeconds), o.BreakerSamplingSeconds, 1, 3_600);
        Range(nameof(o.BreakerDurationSeconds), o.BreakerDurationSeconds, 1, 3_600);
        if (o.RetryMaxDelayMilliseconds < o.RetryBaseDelayMilliseconds)
        {
            errors.Add($"{P}{nameof(o.RetryMaxDelayMilliseconds)} must not be less than {nameof(o.RetryBaseDelayMilliseconds)}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
