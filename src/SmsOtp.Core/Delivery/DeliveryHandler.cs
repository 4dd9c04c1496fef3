using System.Text.Json;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Otp;
using SmsOtp.Core.Policy;
using SmsOtp.Core.Providers;
using SmsOtp.Core.Security;
using SmsOtp.Core.Storage;

namespace SmsOtp.Core.Delivery;

/// <summary>
/// Delivers one queue message: at-least-once in, at-most-once out. Before any provider is called the
/// code version is claimed on the user's row (a conditional write, with the ETag the send wrote, so the
/// first attempt needs no read). A redelivery finds the claim and does not send again; a definite failure
/// releases it so the next attempt may retry; the last attempt marks the challenge undeliverable and
/// throws, so the host moves the message to the poison queue. Claiming before the call (rather than
/// recording acceptance after it) is deliberate: a crash or timeout between the provider's acceptance and
/// our write can never lead to a second SMS; the price is that such a code is not sent again (the user
/// asks for a resend).
/// </summary>
public sealed partial class DeliveryHandler(
    IUserStore store,
    ISmsSender sender,
    ServiceKeys keys,
    IOptionsMonitor<PolicyOptions> policy,
    QueueHostSettings queueSettings,
    TimeProvider time,
    ILogger<DeliveryHandler> logger)
{
    public async Task HandleAsync(string messageText, long dequeueCount, CancellationToken cancellationToken)
    {
        DeliveryMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<DeliveryMessage>(messageText);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is null || message.Version != DeliveryMessage.CurrentVersion || string.IsNullOrEmpty(message.PartitionKey))
        {
            LogDropped(logger, "malformed", "?", 0);
            return;
        }

        if (time.GetUtcNow() >= message.ExpiresAt)
        {
            LogDropped(logger, "expired", message.PartitionKey, message.CodeVersion);
            return;
        }

        var keySet = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        var key = keySet.QueueKeyFor(message.KeyId);
        if (key is null)
        {
            // Sealed under a key this instance does not hold yet (another instance saw a rotation first),
            // or one already retired: read the keys again past the cache, else let the host retry later.
            keySet = await keys.RefreshAsync(cancellationToken).ConfigureAwait(false);
            key = keySet.QueueKeyFor(message.KeyId) ?? throw new DeliveryFailedException(
                $"The message is sealed under queue key '{message.KeyId}', which is neither the current nor the previous key.");
        }

        var plain = PayloadCipher.Decrypt(key, message.Sealed, message.AssociatedData);
        DeliveryPayload? payload;
        try
        {
            payload = plain is null ? null : JsonSerializer.Deserialize<DeliveryPayload>(plain);
        }
        catch (JsonException)
        {
            payload = null;
        }

        if (payload is null)
        {
            // Tampered with, or bound to another row or version: never deliverable.
            LogDropped(logger, "undecryptable", message.PartitionKey, message.CodeVersion);
            return;
        }

        var claim = await ClaimAsync(message, payload, dequeueCount, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return;
        }

        var text = policy.CurrentValue.MessageTemplate.Replace("{code}", payload.Code, StringComparison.Ordinal);
        var result = await sender.SendAsync(new SmsMessage(payload.Mobile, text, payload.Code), cancellationToken).ConfigureAwait(false);
        if (result.Accepted)
        {
            // The claim stays: it is the record that this code went out, so a redelivery will not resend it.
            LogDelivered(logger, message.PartitionKey, message.CodeVersion, result.Provider ?? "?");
            return;
        }

        var last = dequeueCount >= queueSettings.MaxDequeueCount;
        await RecordFailureAsync(message, payload.ChallengeNonce, claim.Value, last, cancellationToken).ConfigureAwait(false);
        throw new DeliveryFailedException(last
            ? $"Every provider failed on the last attempt ({dequeueCount}); the challenge is marked undeliverable."
            : $"Every provider failed (attempt {dequeueCount}); the message will be retried.");
    }

    /// <summary>Claims the code version for this delivery; null means drop the message.</summary>
    private async Task<ETag?> ClaimAsync(DeliveryMessage message, DeliveryPayload payload, long dequeueCount, CancellationToken cancellationToken)
    {
        var claim = new Dictionary<string, object?>
        {
            [nameof(UserRecord.DeliveryVersion)] = message.CodeVersion,
            [nameof(UserRecord.DeliveryState)] = DeliveryStates.Claimed,
        };

        // First attempt: nothing can have claimed this version, and an unchanged ETag proves the code is
        // still current, so a blind conditional write both checks and claims.
        if (dequeueCount <= 1 && !string.IsNullOrEmpty(message.ETag))
        {
            try
            {
                return await store.MergeAsync(message.PartitionKey, claim, new ETag(message.ETag), cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException)
            {
                // The row changed since the send (a failed guess, a profile edit, a new send): look.
            }
        }

        return await OptimisticConcurrency.RunAsync<ETag?>(async () =>
        {
            var record = await store.GetAsync(message.PartitionKey, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                LogDropped(logger, "erased", message.PartitionKey, message.CodeVersion);
                return null;
            }

            if (!Challenge.IsCurrentCode(record, payload.ChallengeNonce, message.CodeVersion))
            {
                LogDropped(logger, "superseded", message.PartitionKey, message.CodeVersion);
                return null;
            }

            if (record.DeliveryVersion == message.CodeVersion && record.DeliveryState == DeliveryStates.Claimed)
            {
                // Sent before, or a crash left the outcome unknown: at most once means not again.
                LogDropped(logger, "already-claimed", message.PartitionKey, message.CodeVersion);
                return null;
            }

            return await store.MergeAsync(message.PartitionKey, claim, record.ETag, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    private Task RecordFailureAsync(DeliveryMessage message, string challengeNonce, ETag claimETag, bool last, CancellationToken cancellationToken)
    {
        var etag = claimETag;
        return OptimisticConcurrency.RunAsync(async () =>
        {
            var update = new Dictionary<string, object?> { [nameof(UserRecord.DeliveryState)] = DeliveryStates.Failed };
            if (last)
            {
                Challenge.MarkUndeliverable(update);
            }

            try
            {
                await store.MergeAsync(message.PartitionKey, update, etag, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                var record = await store.GetAsync(message.PartitionKey, cancellationToken).ConfigureAwait(false);
                if (record is null || !Challenge.IsCurrentCode(record, challengeNonce, message.CodeVersion))
                {
                    return false;
                }

                etag = record.ETag;
                throw;
            }
        }, cancellationToken);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Delivery message for user {UserKey} v{CodeVersion} dropped: {Reason}")]
    private static partial void LogDropped(ILogger logger, string reason, string userKey, int codeVersion);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Code v{CodeVersion} for user {UserKey} accepted by {Provider}")]
    private static partial void LogDelivered(ILogger logger, string userKey, int codeVersion, string provider);
}
