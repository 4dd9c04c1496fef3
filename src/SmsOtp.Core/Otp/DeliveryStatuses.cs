namespace SmsOtp.Core.Otp;

/// <summary>The <c>deliveryStatus</c> of <c>GET /api/otp/status</c> (spec §7.3, §8).</summary>
public static class DeliveryStatuses
{
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Undelivered = "undelivered";
    public const string Failed = "failed";
    public const string Rerouted = "rerouted";
}
