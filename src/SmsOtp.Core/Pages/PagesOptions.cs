namespace SmsOtp.Core.Pages;

/// <summary>
/// The hosted pages (spec §2.7), section <c>SmsOtp:Pages</c>. With no <see cref="AllowedReturnUrls"/> the
/// redirect flow is off: every <c>returnUrl</c> is refused. The
/// app's name, on this section too, is <see cref="Policy.AppNameOptions"/>: the SMS shows it as well.
/// </summary>
public sealed class PagesOptions : IValidatedOptions
{
    public const string SectionName = "SmsOtp:Pages";

    /// <summary>Absolute http(s) URLs; a <c>returnUrl</c> must have the same origin and start with the path.</summary>
    public List<string> AllowedReturnUrls { get; set; } = [];

    /// <summary>The service's public base URL for <c>pageUrl</c> (behind a proxy); empty takes the send request's scheme and host.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long the one-time <c>result</c> token can be redeemed after the code is verified.</summary>
    public int ResultLifetimeSeconds { get; set; } = 300;

    public void Validate(OptionsErrors errors)
    {
        var p = errors.Prefix;
        for (var i = 0; i < AllowedReturnUrls.Count; i++)
        {
            if (!ReturnUrlPolicy.IsValidAllowedEntry(AllowedReturnUrls[i]))
            {
                errors.Add($"{p}AllowedReturnUrls:{i} must be an absolute http(s) URL without user info, query or fragment (e.g. https://app.example.com/signin/callback).");
            }
        }

        if (!string.IsNullOrWhiteSpace(PublicBaseUrl) && !ReturnUrlPolicy.IsValidAllowedEntry(PublicBaseUrl))
        {
            errors.Add($"{p}{nameof(PublicBaseUrl)} must be an absolute http(s) URL without user info, query or fragment (e.g. https://otp.example.com).");
        }

        if (ResultLifetimeSeconds is < 10 or > 3600)
        {
            errors.Add($"{p}{nameof(ResultLifetimeSeconds)} must be between 10 and 3600 (was {ResultLifetimeSeconds}).");
        }
    }
}
