namespace SmsOtp.Core.Providers;

/// <summary>One SMS: the E.164 number, the rendered text and the code alone (for <c>$ctx.otp</c>).</summary>
public sealed record SmsMessage(string To, string Text, string Code)
{
    public override string ToString() => $"SMS to {Phone.MobileMask.Mask(To)}";
}
