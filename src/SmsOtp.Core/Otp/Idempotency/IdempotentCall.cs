namespace SmsOtp.Core.Otp.Idempotency;

/// <summary>
/// A send, mobile or resend that carried an <c>Idempotency-Key</c> (spec §7.2): the key, and what the call
/// asked for in a canonical form (its operation and fields), so a repeat can be told from a reuse.
/// </summary>
public sealed record IdempotentCall(string Key, string Request);
