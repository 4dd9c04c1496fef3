namespace SmsOtp.Benchmarks.ColdStart;

/// <summary>One start: milliseconds from <c>Process.Start</c> to ready, and (local server) to the first verified login.</summary>
public sealed record ColdSample(double ReadyMs, double? LoginMs, string? Failure = null);
