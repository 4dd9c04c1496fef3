using Microsoft.Extensions.Options;

namespace SmsOtp.Client.Internal;

/// <summary>Checks <see cref="SmsOtpClientOptions"/> on start, naming the property that is wrong.</summary>
internal sealed class SmsOtpClientOptionsValidator : IValidateOptions<SmsOtpClientOptions>
{
    // Polly's timeout strategy accepts 10 ms to 24 h.
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);

    public ValidateOptionsResult Validate(string? name, SmsOtpClientOptions options)
    {
        var errors = new List<string>();
        if (options.BaseAddress is not { } address)
        {
            errors.Add("SmsOtpClientOptions.BaseAddress is required (the service's address, e.g. https://func-otp.azurewebsites.net).");
        }
        else if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"SmsOtpClientOptions.BaseAddress must be an absolute http or https address (e.g. https://func-otp.azurewebsites.net); got '{address.OriginalString}'.");
        }
        else if (address.Query.Length > 0 || address.Fragment.Length > 0 || address.UserInfo.Length > 0)
        {
            errors.Add("SmsOtpClientOptions.BaseAddress must have no query, fragment or user info (put the function key in FunctionKey).");
        }

        if (options.FunctionKey is { } key && (key.Length == 0 || key.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
        {
            errors.Add("SmsOtpClientOptions.FunctionKey must be null or a non-empty value without white space or control characters.");
        }

        if (options.AttemptTimeout < MinTimeout || options.AttemptTimeout > MaxTimeout)
        {
            errors.Add($"SmsOtpClientOptions.AttemptTimeout must be between {MinTimeout} and {MaxTimeout}; got {options.AttemptTimeout}.");
        }

        if (options.TotalTimeout < MinTimeout || options.TotalTimeout > MaxTimeout)
        {
            errors.Add($"SmsOtpClientOptions.TotalTimeout must be between {MinTimeout} and {MaxTimeout}; got {options.TotalTimeout}.");
        }
        else if (options.TotalTimeout < options.AttemptTimeout)
        {
            errors.Add($"SmsOtpClientOptions.TotalTimeout ({options.TotalTimeout}) must be at least AttemptTimeout ({options.AttemptTimeout}).");
        }

        if (options.MaxRetryAttempts is < 0 or > 10)
        {
            errors.Add($"SmsOtpClientOptions.MaxRetryAttempts must be between 0 and 10; got {options.MaxRetryAttempts}.");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add($"SmsOtpClientOptions.RetryDelay must be between 0 and 1 minute; got {options.RetryDelay}.");
        }

        if (options.MaxRetryAfter < TimeSpan.Zero || options.MaxRetryAfter > TimeSpan.FromMinutes(5))
        {
            errors.Add($"SmsOtpClientOptions.MaxRetryAfter must be between 0 and 5 minutes; got {options.MaxRetryAfter}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>
    /// <c>https://host</c>, <c>https://host/</c>, <c>https://host/api</c> and <c>https://host/api/</c> all mean
    /// <c>https://host/api/</c> (a path prefix before it, e.g. behind a gateway, is kept).
    /// </summary>
    public static Uri ApiAddress(Uri baseAddress)
    {
        var path = baseAddress.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/api", StringComparison.OrdinalIgnoreCase))
        {
            path += "/api";
        }

        return new UriBuilder(baseAddress) { Path = path + "/" }.Uri;
    }
}
