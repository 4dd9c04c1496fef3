using Microsoft.Extensions.Hosting;

namespace SmsOtp.Core.Pages;

/// <summary>
/// Outside Development the hosted pages need <c>SmsOtp:Pages:PublicBaseUrl</c>: without it a page link would
/// be built from the request's Host header, which a caller controls.
/// </summary>
public sealed class PagesHostValidator(IHostEnvironment environment) : IValidateOptions<PagesOptions>
{
    public ValidateOptionsResult Validate(string? name, PagesOptions options) =>
        options.AllowedReturnUrls.Count > 0 && string.IsNullOrWhiteSpace(options.PublicBaseUrl) && !DevelopmentEnvironment.Is(environment)
            ? ValidateOptionsResult.Fail(
                $"{PagesOptions.SectionName}:PublicBaseUrl is required outside Development when the hosted pages are on (SmsOtp:Pages:AllowedReturnUrls): set the service's public origin, e.g. https://otp.example.com.")
            : ValidateOptionsResult.Success;
}
