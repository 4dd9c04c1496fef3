namespace SmsOtp.Core.Otp;

/// <summary>The body of verify (spec §2.3).</summary>
public sealed record VerifyResponse(string Status)
{
    public string? Method { get; init; }
    public string? Tenant { get; init; }
    public string? UserId { get; init; }
    public DateTimeOffset? VerifiedAt { get; init; }
    public bool? MobileUpdated { get; init; }
    public int? AttemptsRemaining { get; init; }
    public bool? RetryAllowed { get; init; }
    public bool? RedirectToMultiOptionPage { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
}
