namespace SmsOtp.Core.Messages;

/// <summary>An origin-bound one-time code read from a message's last line (WICG "sms-one-time-codes").</summary>
public sealed record WebOtpMessage(string TopLevelHost, string Code, string? EmbeddedHost);
