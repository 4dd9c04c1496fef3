namespace SmsOtp.Core.Otp.Issuing;

/// <summary>
/// A code to deliver: the row and code version it belongs to, the ETag the send wrote (so the first delivery attempt
/// can claim the code without a read), its expiry, and its <see cref="SmsContent"/>, which the queue seals as it is.
/// </summary>
public sealed record DeliveryRequest(string PartitionKey, int CodeVersion, ETag ETag, DateTimeOffset ExpiresAt, SmsContent Content);
