namespace SmsOtp.Core.Delivery;

/// <summary>
/// The delivery side's port to its queue: the next attempt of a code no provider took yet, as a new message that
/// becomes visible after a delay. The storage queue implements it (with <see cref="Otp.Issuing.IDeliveryQueue"/>, the send's port).
/// </summary>
public interface IRedeliveryQueue
{
    /// <summary>Queues the next attempt of a code (the same sealed content), visible after <paramref name="delay"/>.</summary>
    Task RequeueAsync(DeliveryMessage next, TimeSpan delay, CancellationToken cancellationToken);
}
