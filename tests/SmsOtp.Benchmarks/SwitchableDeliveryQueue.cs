using SmsOtp.Core.Delivery;
using SmsOtp.Core.Otp.Issuing;

namespace SmsOtp.Benchmarks;

/// <summary>
/// The service's own <see cref="StorageDeliveryQueue"/>, built with a signal no listener waits on, plus
/// the listener's real signal raised only while <see cref="WakeSwitch.Enabled"/>: with the switch off the
/// local listener must find each message by polling, as the Functions host does.
/// </summary>
public sealed class SwitchableDeliveryQueue(StorageDeliveryQueue inner, DeliverySignal listenerSignal, WakeSwitch wake) : IDeliveryQueue
{
    public async Task EnqueueAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        await inner.EnqueueAsync(request, cancellationToken).ConfigureAwait(false);
        if (wake.Enabled)
        {
            listenerSignal.Notify();
        }
    }

    public Task CheckAsync(CancellationToken cancellationToken) => inner.CheckAsync(cancellationToken);
}
