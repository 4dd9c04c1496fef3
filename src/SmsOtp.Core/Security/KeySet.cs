namespace SmsOtp.Core.Security;

/// <summary>The keys in force: <see cref="QueueKeyId"/> travels in each queue message.</summary>
public sealed record KeySet(byte[] HmacKey, byte[] QueueKey, string QueueKeyId);
