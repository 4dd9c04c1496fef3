namespace SmsOtp.Core.Otp;

/// <summary>
/// The body of send, mobile and resend (spec §2.1): <c>sent</c> with the challenge, masked number, expiry,
/// resend time and code length; <c>skipped</c> with its reason; <c>mobile_required</c> with the challenge and
/// reason. <see cref="PageUrl"/> is the hosted page to send the browser to, when the send gave a
/// <c>returnUrl</c> (spec §2.7). Null fields are left out of the JSON.
/// </summary>
public sealed record SendResponse(
    string Status,
    ChallengeId? ChallengeId = null,
    string? MaskedMobile = null,
    DateTimeOffset? ExpiresAt = null,
    DateTimeOffset? ResendAvailableAt = null,
    int? CodeLength = null,
    string? Reason = null,
    string? PageUrl = null);
