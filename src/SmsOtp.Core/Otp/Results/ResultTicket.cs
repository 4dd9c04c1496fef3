namespace SmsOtp.Core.Otp.Results;

/// <summary>
/// The keyed hash of a one-time <c>result</c> token, written on the user's row in the same conditional
/// write that verifies the challenge, so a page-verified login always has a redeemable result.
/// </summary>
public sealed record ResultTicket(string Hash, DateTimeOffset ExpiresAt);
