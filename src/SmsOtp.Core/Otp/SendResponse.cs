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
}
