namespace SmsOtp.Core.Pages;

/// <summary>The code page's content.</summary>
internal sealed record CodePageModel(
    string MaskedMobile,
    int CodeLength,
    bool Alphanumeric,
    int AttemptsRemaining,
    bool ResendAllowed,
    int ResendWaitSeconds,
    bool BackupCodes,
    string? Notice,
    string? Error);
