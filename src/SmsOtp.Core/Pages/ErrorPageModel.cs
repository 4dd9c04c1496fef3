namespace SmsOtp.Core.Pages;

/// <summary>
/// The error page's content. <see cref="Status"/> is the §2.3 status (or <c>challenge_not_found</c>, or a page
/// failure such as <c>csrf_failed</c>) whose texts it shows; the app receives it as <c>error=</c>.
/// <see cref="ContinueUrl"/> is null when the link itself is not trusted.
/// </summary>
internal sealed record ErrorPageModel(string Status, DateTimeOffset? LockedUntil, string? ContinueUrl, bool MultiOption);
