namespace SmsOtp.Core.Pages;

/// <summary>The mobile page's content: <c>capture</c> saves the number after verification, <c>direct</c> never does.</summary>
internal sealed record MobilePageModel(bool Capture, string? Error);
