namespace SmsOtp.Core.Pages;

/// <summary>What every page needs: the heading, where the pages live, and the hidden form fields.</summary>
internal sealed record PageFrame(string AppName, string Prefix, string? Flow, string? Csrf);
