namespace SmsOtp.Core.Pages;

/// <summary>
/// The error page's content. <see cref="Status"/> is the §2.3 status (or <c>challenge_not_found</c>) the app
/// receives as <c>error=</c>; <see cref="ContinueUrl"/> is null when the link itself is not trusted.
/// </summary>
internal sealed record ErrorPageModel(string Status, string Title, string Text, DateTimeOffset? LockedUntil, string? ContinueUrl, bool MultiOption);
