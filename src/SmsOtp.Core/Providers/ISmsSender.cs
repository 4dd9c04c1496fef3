namespace SmsOtp.Core.Providers;

/// <summary>What the delivery handler hands an SMS to: the provider chain, or the development outbox.</summary>
public interface ISmsSender
{
    Task<DeliveryResult> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}
