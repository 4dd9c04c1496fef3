namespace SmsOtp.Core.Delivery;

/// <summary>The delivery queue seam: send, mobile and resend put one message per code on it.</summary>
public interface IDeliveryQueue
{
    Task EnqueueAsync(DeliveryRequest request, CancellationToken cancellationToken);

    /// <summary>Proves the queue answers (for the health check).</summary>
    Task CheckAsync(CancellationToken cancellationToken);
}
