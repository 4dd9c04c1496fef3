namespace SmsOtp.Core.Delivery;

/// <summary>Thrown so the queue host retries the message, or poisons it after the last attempt.</summary>
public sealed class DeliveryFailedException(string message) : Exception(message);
