namespace SmsOtp.Core.Otp;

/// <summary>
/// A send (spec §2.1) and what it may add: the locale of the SMS and the pages (§10.2), the transaction a
/// payment step-up approves (§10.4), an Android app hash for the SMS Retriever (§10.3).
/// </summary>
public sealed record SendRequest(Users.UserKey User)
{
    public string? Locale { get; init; }
    public PaymentTransaction? Transaction { get; init; }
    public string? AppHash { get; init; }

    /// <summary>The send's own code length and lifetime (spec §15.3), within the tenant's bounds; null: the tenant's.</summary>
    public int? CodeLength { get; init; }
    public int? ExpiresInSeconds { get; init; }

    /// <summary>The end user's address as the app sees it (<c>clientIp</c>, spec §9), for the per-IP limit; never stored as such.</summary>
    public System.Net.IPAddress? ClientIp { get; init; }

    /// <summary>A remembered device's token (spec §15.1): a live one of this user skips the SMS.</summary>
    public TrustedDevices.PresentedDeviceToken? DeviceToken { get; init; }
}
