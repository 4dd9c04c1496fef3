namespace SmsOtp.Core.Pages;

/// <summary>What every page needs: its language, the heading, where the pages live, and the hidden form fields.</summary>
internal sealed record PageFrame(PageTexts Texts, string AppName, string Prefix, string? Flow, string? Csrf);
