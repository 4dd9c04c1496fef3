namespace SmsOtp.Core.Pages;

/// <summary>
/// The hosted pages (spec §2.7), section <c>SmsOtp:Pages</c>. With no <see cref="AllowedReturnUrls"/> the
/// redirect flow is off: every <c>returnUrl</c> is refused.
/// </summary>
public sealed class PagesOptions
{
    public const string SectionName = "SmsOtp:Pages";

    /// <summary>Absolute http(s) URLs; a <c>returnUrl</c> must have the same origin and start with the path.</summary>
    public List<string> AllowedReturnUrls { get; set; } = [];

    /// <summary>The heading of every page.</summary>
    public string AppName { get; set; } = "Sign-in verification";

    /// <summary>The service's public base URL for <c>pageUrl</c> (behind a proxy); empty takes the send request's scheme and host.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long the one-time <c>result</c> token can be redeemed after the code is verified.</summary>
    public int ResultLifetimeSeconds { get; set; } = 300;
}
