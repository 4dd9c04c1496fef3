namespace SmsOtp.Core.Otp;

/// <summary>The body of send, mobile and resend (spec §2.1).</summary>
public sealed record SendResponse(string Status)
{
    public string? ChallengeId { get; init; }
    public string? MaskedMobile { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? ResendAvailableAt { get; init; }
    public int? CodeLength { get; init; }
    public string? Reason { get; init; }

    /// <summary>The hosted page to send the browser to, when the send gave a <c>returnUrl</c> (spec §2.7).</summary>
    public string? PageUrl { get; init; }
}
