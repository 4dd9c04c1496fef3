using Microsoft.Extensions.Options;

namespace SmsOtp.Core.RateLimiting;

/// <summary>Validates <see cref="RateLimitOptions"/> on start; messages name the key.</summary>
public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public const int MaxPerNumberOrUser = 1000;
    public const int MaxPerTenant = 1_000_000;

    public ValidateOptionsResult Validate(string? name, RateLimitOptions o)
    {
        var errors = new List<string>();
        void Range(string key, int value, int max)
        {
            if (value < 0 || value > max)
            {
                errors.Add($"{RateLimitOptions.SectionName}:{key} must be between 0 (off) and {max} (was {value}).");
            }
        }

        Range(nameof(o.SendsPerUserPerHour), o.SendsPerUserPerHour, MaxPerNumberOrUser);
        Range(nameof(o.SendsPerNumberPerHour), o.SendsPerNumberPerHour, MaxPerNumberOrUser);
        Range(nameof(o.SendsPerTenantPerMinute), o.SendsPerTenantPerMinute, MaxPerTenant);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
