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
    string? Error)
{
    /// <summary>Offer "remember this device" (spec §15.1): the tenant has trusted devices on.</summary>
    public bool OfferRememberDevice { get; init; }
}
