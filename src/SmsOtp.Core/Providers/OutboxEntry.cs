namespace SmsOtp.Core.Providers;

/// <summary>One SMS the development outbox received.</summary>
public sealed record OutboxEntry(string To, string Text, string Code, DateTimeOffset At);
