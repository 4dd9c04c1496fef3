using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Otp;
using SmsOtp.Core.Security;
using SmsOtp.Core.Storage;

namespace SmsOtp.Core.Delivery;

/// <summary>Azure Queue Storage implementation; the client is configured for Base64 messages (the trigger's format).</summary>
public sealed class StorageDeliveryQueue(
    QueueServiceClient service,
    IOptions<StorageNamesOptions> names,
    ServiceKeys keys,
    DeliverySignal signal,
    TimeProvider time) : IDeliveryQueue
{
    private readonly QueueClient _queue = service.GetQueueClient(names.Value.DeliveryQueue);

    public async Task EnqueueAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var keySet = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        var message = new DeliveryMessage(DeliveryMessage.CurrentVersion, request.PartitionKey, request.CodeVersion,
            request.ETag.ToString(), request.ExpiresAt, keySet.QueueKeyId, "");
        var sealedPayload = PayloadCipher.Encrypt(keySet.QueueKey, JsonSerializer.Serialize(new DeliveryPayload(request.ChallengeNonce, request.Mobile, request.Code)), message.AssociatedData);
        message = message with { Sealed = sealedPayload };

        // The message is useless after the code expires: let the queue drop it then.
        var ttl = request.ExpiresAt - time.GetUtcNow() + TimeSpan.FromMinutes(1);
        await _queue.SendMessageAsync(JsonSerializer.Serialize(message), visibilityTimeout: null,
            timeToLive: ttl > TimeSpan.Zero ? ttl : TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
        signal.Notify();
    }

    public async Task CheckAsync(CancellationToken cancellationToken) =>
        await _queue.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
}
