using Azure.Storage.Queues;

namespace SmsOtp.Core.Delivery;

/// <summary>
/// Azure Queue Storage implementation; the client is configured for Base64 messages (the trigger's format).
/// Each message lives until its code expires (then the queue drops it), and a redelivery is a new message
/// that becomes visible after a delay.
/// </summary>
public sealed class StorageDeliveryQueue(
    QueueServiceClient service,
    IOptions<StorageOptions> names,
    ServiceKeys keys,
    DeliverySignal signal,
    TimeProvider time) : IDeliveryQueue, IRedeliveryQueue
{
    private readonly QueueClient _queue = service.GetQueueClient(names.Value.DeliveryQueue);

    public async Task EnqueueAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var keySet = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        var message = new DeliveryMessage(DeliveryMessage.CurrentVersion, request.PartitionKey, request.CodeVersion,
            request.ETag, request.ExpiresAt, keySet.QueueKeyId, "");
        var sealedContent = PayloadCipher.Encrypt(keySet.QueueKey, JsonSerializer.Serialize(request.Content), message.AssociatedData);
        message = message with
        {
            Sealed = sealedContent,
            EnqueuedAt = time.GetUtcNow(),
            TraceParent = SmsOtpTelemetry.CurrentTraceParent(),
            TraceState = SmsOtpTelemetry.CurrentTraceState(),
        };
        await SendAsync(message, null, cancellationToken).ConfigureAwait(false);
        signal.Notify();
    }

    public Task RequeueAsync(DeliveryMessage next, TimeSpan delay, CancellationToken cancellationToken) =>
        SendAsync(next, delay, cancellationToken);

    private async Task SendAsync(DeliveryMessage message, TimeSpan? delay, CancellationToken cancellationToken)
    {
        // The message is useless after the code expires: let the queue drop it then.
        var ttl = message.ExpiresAt - time.GetUtcNow() + TimeSpan.FromMinutes(1);
        ttl = ttl > TimeSpan.Zero ? ttl : TimeSpan.FromMinutes(1);
        await _queue.SendMessageAsync(JsonSerializer.Serialize(message), delay is { } d && d < ttl ? d : null, ttl, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task CheckAsync(CancellationToken cancellationToken) =>
        await _queue.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
}
