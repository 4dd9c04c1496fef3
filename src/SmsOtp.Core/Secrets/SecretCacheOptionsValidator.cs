using Microsoft.Extensions.Options;

namespace SmsOtp.Core.Secrets;

/// <summary>Validates <see cref="SecretCacheOptions"/> on start, naming the key.</summary>
public sealed class SecretCacheOptionsValidator : IValidateOptions<SecretCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretCacheOptions options) =>
        options.SecretRefreshSeconds is < 1 or > 86_400
            ? ValidateOptionsResult.Fail($"SmsOtp:SecretRefreshSeconds must be between 1 and 86400 (was {options.SecretRefreshSeconds}).")
            : ValidateOptionsResult.Success;
}
