namespace SmsOtp.Core.Storage;

/// <summary>A conditional write lost a race (HTTP 409 or 412 from Table Storage); read again and retry.</summary>
public sealed class ConcurrencyConflictException(string message, Exception? inner = null) : Exception(message, inner);
