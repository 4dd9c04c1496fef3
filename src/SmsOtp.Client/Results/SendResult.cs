namespace SmsOtp.Client;

/// <summary>The answer of send, mobile and resend. Which properties are set depends on <see cref="Status"/>.</summary>
public sealed record SendResult
{
    /// <summary>What happened: one of <see cref="SendStatus"/>.</summary>
    public required string Status { get; init; }

    /// <summary><see cref="SendStatus.Sent"/> and <see cref="SendStatus.MobileRequired"/>: the challenge id to verify, resend or give a number to.</summary>
    public string? ChallengeId { get; init; }

    /// <summary><see cref="SendStatus.Sent"/>: the number the code went to, masked (<c>+*******8888</c>).</summary>
    public string? MaskedMobile { get; init; }

    /// <summary><see cref="SendStatus.Sent"/>: when the code stops working.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary><see cref="SendStatus.Sent"/>: when a resend is first allowed (for a countdown).</summary>
    public DateTimeOffset? ResendAvailableAt { get; init; }

    /// <summary><see cref="SendStatus.Sent"/>: the code's length, for the input field.</summary>
    public int? CodeLength { get; init; }

    /// <summary><see cref="SendStatus.Skipped"/> and <see cref="SendStatus.MobileRequired"/>: why; one of <see cref="SendReasons"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>With <see cref="SendRequest.ReturnUrl"/>: the hosted page to send the browser to.</summary>
    public Uri? PageUrl { get; init; }

    /// <summary>True when a code was sent.</summary>
    public bool IsSent => Status == SendStatus.Sent;

    /// <summary>True when the step does not apply and the app treats it as passed.</summary>
    public bool IsSkipped => Status == SendStatus.Skipped;

    /// <summary>True when the app must ask the user for a number.</summary>
    public bool IsMobileRequired => Status == SendStatus.MobileRequired;
}
