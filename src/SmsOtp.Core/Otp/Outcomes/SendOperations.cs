namespace SmsOtp.Core.Otp.Outcomes;

/// <summary>The operations of the send path, as the metric, the audit and the idempotency log name them.</summary>
public static class SendOperations
{
    public const string Send = "send";
    public const string Mobile = "mobile";
    public const string Resend = "resend";
}
