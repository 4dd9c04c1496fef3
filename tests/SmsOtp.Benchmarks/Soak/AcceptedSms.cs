namespace SmsOtp.Benchmarks.Soak;

/// <summary>
/// An SMS the soak's provider accepted (it "sent" it), as it saw it. Timestamps are
/// <see cref="System.Diagnostics.Stopwatch"/> timestamps. <see cref="Late"/>: the answer came after the
/// service had given up on the call (its provider timeout), so the service could not know it was sent.
/// </summary>
public sealed record AcceptedSms(string To, string Code, long ArrivedAt, long AcceptedAt, bool Late, string Window);
