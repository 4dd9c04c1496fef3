namespace SmsOtp.Core.Providers;

/// <summary>One SMS: the E.164 number, the rendered text and the code alone (for <c>$ctx.otp</c>).</summary>
public sealed record SmsMessage(string To, string Text, string Code)
{
    /// <summary>Providers this code must not go to again: each timed out twice for it and may have sent it.</summary>
    public IReadOnlySet<string> SkipProviders { get; init; } = new HashSet<string>();

    public override string ToString() => $"SMS to {Phone.MobileMask.Mask(To)}";
}
