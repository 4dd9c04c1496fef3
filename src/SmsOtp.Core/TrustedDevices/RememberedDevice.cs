namespace SmsOtp.Core.TrustedDevices;

/// <summary>A device token just issued: shown once to the caller, only its keyed hash is kept (spec §15.1).</summary>
public sealed record RememberedDevice(string Token, DateTimeOffset ExpiresAt);
