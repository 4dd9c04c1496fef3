using Azure;

namespace SmsOtp.Core.Delivery;

/// <summary>A code to deliver: the row and version it belongs to, the ETag the send wrote, and the secrets.</summary>
public sealed record DeliveryRequest(string PartitionKey, int CodeVersion, ETag ETag, DateTimeOffset ExpiresAt, DeliveryPayload Payload);
