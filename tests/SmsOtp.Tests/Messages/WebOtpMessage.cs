namespace SmsOtp.Tests.Messages;

/// <summary>An origin-bound one-time code read from a message's last line (WICG "sms-one-time-codes").</summary>
internal sealed record WebOtpMessage(string TopLevelHost, string Code, string? EmbeddedHost);
