namespace SmsOtp.Core.Otp;

/// <summary>
/// The body of verify (spec §2.3), also what a hosted page's result redeems to. Which fields a status
/// carries: <c>verified</c> the method, user and time; <c>invalid_code</c> the attempts left; failures
/// <c>redirectToMultiOptionPage</c>; <c>locked</c> the lock's end; a verified payment step-up the
/// <c>transaction</c> it approved (spec §10.4). Null fields are left out of the JSON.
/// </summary>
public sealed record VerifyResponse(
    string Status,
    string? Method = null,
    string? Tenant = null,
    string? UserId = null,
    DateTimeOffset? VerifiedAt = null,
    bool? MobileUpdated = null,
    int? AttemptsRemaining = null,
    bool? RetryAllowed = null,
    bool? RedirectToMultiOptionPage = null,
    DateTimeOffset? LockedUntil = null,
    PaymentTransaction? Transaction = null)
{
    /// <summary>With <c>rememberDevice</c> (spec §15.1): the device token, shown this once, and when it ends.</summary>
    public string? DeviceToken { get; init; }

    public DateTimeOffset? DeviceTokenExpiresAt { get; init; }
}
