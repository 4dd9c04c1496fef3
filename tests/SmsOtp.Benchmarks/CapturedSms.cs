namespace SmsOtp.Benchmarks;

/// <summary>An SMS as the fake provider saw it; <see cref="ArrivedAt"/> is a <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
public sealed record CapturedSms(string To, string Code, long ArrivedAt);
