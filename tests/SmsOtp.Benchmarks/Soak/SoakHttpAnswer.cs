namespace SmsOtp.Benchmarks.Soak;

/// <summary>One answer with a 5xx status, and when (soak clock) it came.</summary>
public sealed record SoakHttpAnswer(string Route, int Status, TimeSpan At, string? ProblemCode, int LoginIndex);
