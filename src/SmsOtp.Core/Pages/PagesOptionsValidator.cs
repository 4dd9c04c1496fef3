using Microsoft.Extensions.Options;

namespace SmsOtp.Core.Pages;

/// <summary>Validates <see cref="PagesOptions"/> on start; every message names its key.</summary>
public sealed class PagesOptionsValidator : IValidateOptions<PagesOptions>
{
    private const string P = PagesOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, PagesOptions o)
    {
        var errors = new List<string>();
        for (var i = 0; i < o.AllowedReturnUrls.Count; i++)
        {
            if (!ReturnUrlPolicy.IsValidAllowedEntry(o.AllowedReturnUrls[i]))
            {
                errors.Add($"{P}AllowedReturnUrls:{i} must be an absolute http(s) URL without user info, query or fragment (e.g. https://app.example.com/signin/callback).");
            }
        }

        if (string.IsNullOrWhiteSpace(o.AppName) || o.AppName.Length > 80 || o.AppName.Any(char.IsControl))
        {
            errors.Add($"{P}{nameof(o.AppName)} must be 1 to 80 characters without control characters.");
        }

        if (!string.IsNullOrWhiteSpace(o.PublicBaseUrl) && !ReturnUrlPolicy.IsValidAllowedEntry(o.PublicBaseUrl))
        {
            errors.Add($"{P}{nameof(o.PublicBaseUrl)} must be an absolute http(s) URL without user info, query or fragment (e.g. https://otp.example.com).");
        }

        if (o.ResultLifetimeSeconds is < 10 or > 3600)
        {
            errors.Add($"{P}{nameof(o.ResultLifetimeSeconds)} must be between 10 and 3600 (was {o.ResultLifetimeSeconds}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
