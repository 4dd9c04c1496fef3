namespace SmsOtp.Core.Otp.Issuing;

/// <summary>
/// Where the challenge hands each code for delivery (send, mobile and resend put one message per code on
/// it). The delivery feature implements it with the storage queue; the challenge does not know how.
/// </summary>
public interface IDeliveryQueue
{
    Task EnqueueAsync(DeliveryRequest request, CancellationToken cancellationToken);

    /// <summary>Proves the queue answers (for the health check).</summary>
    Task CheckAsync(CancellationToken cancellationToken);
}
