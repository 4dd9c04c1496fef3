using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Otp;
using SmsOtp.Core.Security;
using SmsOtp.Core.Storage;
using SmsOtp.Core.Telemetry;

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
    TimeProvider time) : IDeliveryQueue
{
    private readonly QueueClient _queue = service.GetQueueClient(names.Value.DeliveryQueue);

    public async Task EnqueueAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var keySet = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        var message = new DeliveryMessage(DeliveryMessage.CurrentVersion, request.PartitionKey, request.CodeVersion,
            request.ETag.ToString(), request.ExpiresAt, keySet.QueueKeyId, "");
        var sealedPayload = PayloadCipher.Encrypt(keySet.QueueKey, JsonSerializer.Serialize(new DeliveryPayload(request.ChallengeNonce, request.Mobile, request.Code)
        {
            Tenant = request.Tenant,
            Locale = request.Locale,
            Transaction = request.Transaction,
            AppHash = request.AppHash,
            StartAfter = request.StartAfter,
        }), message.AssociatedData);
        message = message with
        {
            Sealed = sealedPayload,
            EnqueuedAt = time.GetUtcNow(),
            TraceParent = SmsOtpTelemetry.CurrentTraceParent(),
            TraceState = SmsOtpTelemetry.CurrentTraceState(),
        };
        await SendAsync(message, null, cancellationToken).ConfigureAwait(false);
        signal.Notify();
    }

    /// <summary>Queues the next attempt of a code (same sealed payload), visible after <paramref name="delay"/>.</summary>
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
