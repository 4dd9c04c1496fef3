using System.Text.Json;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Common;
using SmsOtp.Core.Otp;
using SmsOtp.Core.Providers;
using SmsOtp.Core.Security;
using SmsOtp.Core.Storage;
using SmsOtp.Core.Telemetry;

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
    StorageDeliveryQueue queue,
    ServiceKeys keys,
    SmsTexts texts,
    IOptionsMonitor<DeliveryOptions> options,
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

        using var span = SmsOtpTelemetry.StartDelivery(message?.TraceParent, message?.TraceState);
        if (message is null || message.Version != DeliveryMessage.CurrentVersion || string.IsNullOrEmpty(message.PartitionKey))
        {
            LogDropped(logger, "malformed", "?", 0);
            SmsOtpTelemetry.RecordDropped("malformed");
            return;
        }

        if (time.GetUtcNow() >= message.ExpiresAt)
        {
            LogDropped(logger, "expired", message.PartitionKey, message.CodeVersion);
            SmsOtpTelemetry.RecordDropped("expired");
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
            SmsOtpTelemetry.RecordDropped("undecryptable");
            return;
        }

        // Cancellation (a host shutting down) is honoured up to here. From the claim on, the work runs to its
        // end: the provider call is bounded by each provider's TimeoutSeconds, and a call cut off midway could
        // not know whether the SMS went out (it would be sent twice, or never).
        cancellationToken.ThrowIfCancellationRequested();
        var claim = await ClaimAsync(message, payload, dequeueCount, CancellationToken.None).ConfigureAwait(false);
        if (claim is null)
        {
            return;
        }

        // {minutes} is the code's own lifetime (a send may set it, spec §15.3): expiry less the time it was queued.
        var lifetime = message.EnqueuedAt is { } queued ? (int)Math.Round((message.ExpiresAt - queued).TotalSeconds) : (int?)null;
        var text = texts.Compose(payload.Tenant, payload.Code, payload.Locale, payload.Transaction, payload.AppHash, lifetime);
        var timedOut = message.TimedOut ?? [];
        var sms = new SmsMessage(payload.Mobile, text.Text, payload.Code)
        {
            Tenant = payload.Tenant,
            SkipProviders = TimedOutTwice(timedOut),
            Reference = MessageReference.Create(keySet.Derive(MessageReference.Purpose), message.PartitionKey, message.CodeVersion),
            ReceiptBaseUrl = options.CurrentValue.ReceiptBaseUrl,
            StartAfter = payload.StartAfter,
        };
        var result = await sender.SendAsync(sms, CancellationToken.None).ConfigureAwait(false);
        if (result.Accepted)
        {
            // The claim stays: it is the record that this code went out, so a redelivery will not resend it.
            LogDelivered(logger, message.PartitionKey, message.CodeVersion, result.Provider ?? "?");
            SmsOtpTelemetry.RecordDelivered(result.Provider, message.EnqueuedAt, time.GetUtcNow());
            SmsOtpTelemetry.RecordSegments(payload.Tenant ?? TenantNames.Default, payload.Mobile, text.Count.Encoding, text.Count.Segments);
            if (result.ReceiptsExpected)
            {
                await RecordAcceptedAsync(message, payload.ChallengeNonce, claim.Value, result).ConfigureAwait(false);
            }

            return;
        }

        timedOut = [.. timedOut, .. result.TimedOut];
        var unconfirmed = timedOut.Count > 0;
        if (result.Transient)
        {
            await RetryLaterAsync(message, payload.ChallengeNonce, claim.Value, result.RetryAfter, timedOut).ConfigureAwait(false);
            return;
        }

        if (unconfirmed)
        {
            // Every provider left refused or was skipped, and one that timed out may have sent the code: keep the
            // claim (no second SMS, no delivery_failed for a code that may have arrived); the user can resend.
            LogMaybeSent(logger, message.PartitionKey, message.CodeVersion);
            return;
        }

        var last = dequeueCount >= queueSettings.MaxDequeueCount;
        await RecordFailureAsync(message, payload.ChallengeNonce, claim.Value, last, CancellationToken.None).ConfigureAwait(false);
        SmsOtpTelemetry.RecordDeliveryFailed(last);
        throw new DeliveryFailedException(last
            ? $"Every provider failed on the last attempt ({dequeueCount}); the challenge is marked undeliverable."
            : $"Every provider failed (attempt {dequeueCount}); the message will be retried.");
    }

    /// <summary>
    /// No provider took the code, but one may later (5xx, 429, a timeout, an open breaker). While the code can
    /// still be used, the claim is released and the next attempt is queued as a new message after a backoff
    /// (doubling from <c>RedeliveryBaseDelaySeconds</c> to <c>RedeliveryMaxDelaySeconds</c>, longer when a
    /// provider's Retry-After or open breaker asks), and this message completes: the same on the Functions host
    /// (fixed maxDequeueCount) and the local server. A code that would arrive too late is given up.
    /// </summary>
    private async Task RetryLaterAsync(DeliveryMessage message, string challengeNonce, ETag claim, TimeSpan? retryAfter, IReadOnlyList<string> timedOut)
    {
        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        var backoff = Math.Min(o.RedeliveryMaxDelaySeconds, o.RedeliveryBaseDelaySeconds * Math.Pow(2, Math.Min(message.Attempt - 1, 20)));
        var delay = TimeSpan.FromSeconds(backoff * (0.8 + (Random.Shared.NextDouble() * 0.4)));
        if (retryAfter is { } wait && wait > delay)
        {
            delay = wait;
        }

        if (now + delay > message.ExpiresAt - TimeSpan.FromSeconds(o.GiveUpSecondsBeforeExpiry))
        {
            if (timedOut.Count > 0)
            {
                LogMaybeSent(logger, message.PartitionKey, message.CodeVersion);
                return;
            }

            await RecordFailureAsync(message, challengeNonce, claim, last: true, CancellationToken.None).ConfigureAwait(false);
            LogGaveUp(logger, message.PartitionKey, message.CodeVersion, message.Attempt);
            SmsOtpTelemetry.RecordGaveUp();
            return;
        }

        await RecordFailureAsync(message, challengeNonce, claim, last: false, CancellationToken.None).ConfigureAwait(false);
        await queue.RequeueAsync(message with { Attempt = message.Attempt + 1, ETag = null, TimedOut = timedOut }, delay, CancellationToken.None)
            .ConfigureAwait(false);
        LogRetryScheduled(logger, message.PartitionKey, message.CodeVersion, message.Attempt + 1, delay);
    }

    /// <summary>A provider gets one more try after a timeout for a code, never a third: it may be sending them all.</summary>
    private static HashSet<string> TimedOutTwice(IReadOnlyList<string> timedOut) =>
        [.. timedOut.GroupBy(p => p, StringComparer.Ordinal).Where(g => g.Count() >= 2).Select(g => g.Key)];

    /// <summary>
    /// Claims the code version for this delivery; null means drop the message. The claim carries a token of this
    /// attempt, so when a claim write lands but its answer is lost (a reset, a timeout, the SDK's retry meeting its own
    /// write as a 412), the re-read tells "claimed by me, send" from "claimed by another attempt, not again" without
    /// any extra transaction on the happy path. The re-read is retried with backoff for as long as the code could still
    /// be delivered (until <c>GiveUpSecondsBeforeExpiry</c> before it expires; the provider has not been called, so waiting
    /// is safe): only a storage outage longer than that ends the attempt, and then the code is of no use anyway.
    /// </summary>
    private async Task<ETag?> ClaimAsync(DeliveryMessage message, DeliveryPayload payload, long dequeueCount, CancellationToken cancellationToken)
    {
        var token = StorageFailures.NewWriteToken();
        var claim = new Dictionary<string, object?>
        {
            [nameof(UserRecord.DeliveryVersion)] = message.CodeVersion,
            [nameof(UserRecord.DeliveryState)] = DeliveryStates.Claimed,
            [nameof(UserRecord.DeliveryClaim)] = token,
        };

        var uncertain = false;

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
                // The row changed since the send (a failed guess, a profile edit, a new send, or our own claim): look.
            }
            catch (Exception e) when (StorageFailures.IsTransient(e))
            {
                // The write may have landed: look.
                LogClaimUncertain(logger, message.PartitionKey, message.CodeVersion);
                uncertain = true;
            }
        }

        var uncertainWrites = 0;
        return await OptimisticConcurrency.RunAsync<ETag?>(async () =>
        {
            var record = uncertain
                ? await ReadAfterLostAnswerAsync(message, cancellationToken).ConfigureAwait(false)
                : await store.GetAsync(message.PartitionKey, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                LogDropped(logger, "erased", message.PartitionKey, message.CodeVersion);
                SmsOtpTelemetry.RecordDropped("erased");
                return null;
            }

            if (!Challenge.IsCurrentCode(record, payload.ChallengeNonce, message.CodeVersion))
            {
                LogDropped(logger, "superseded", message.PartitionKey, message.CodeVersion);
                SmsOtpTelemetry.RecordDropped("superseded");
                return null;
            }

            if (record.DeliveryVersion == message.CodeVersion && record.DeliveryState == DeliveryStates.Claimed)
            {
                if (record.DeliveryClaim == token)
                {
                    // Our own claim, whose answer was lost: the provider has not been called yet.
                    return record.ETag;
                }

                // Sent before, or a crash left the outcome unknown: at most once means not again.
                LogDropped(logger, "already-claimed", message.PartitionKey, message.CodeVersion);
                SmsOtpTelemetry.RecordDropped("already-claimed");
                return null;
            }

            try
            {
                return await store.MergeAsync(message.PartitionKey, claim, record.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (StorageFailures.IsTransient(e) && ++uncertainWrites <= 2)
            {
                LogClaimUncertain(logger, message.PartitionKey, message.CodeVersion);
                uncertain = true;
                throw new ConcurrencyConflictException("The claim's answer was lost.", e);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the row after a claim write whose answer was lost, retrying storage failures with backoff (0.25 s doubling
    /// to 4 s) while the code could still be delivered. The budget is taken from the clock once and then measured in
    /// real time, like the queue's own timeouts: the storage does not follow a test's fake clock.
    /// </summary>
    private async Task<UserRecord?> ReadAfterLostAnswerAsync(DeliveryMessage message, CancellationToken cancellationToken)
    {
        var partitionKey = message.PartitionKey;
        var budget = message.ExpiresAt - TimeSpan.FromSeconds(options.CurrentValue.GiveUpSecondsBeforeExpiry) - time.GetUtcNow();
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        var wait = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                return await store.GetAsync(partitionKey, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (StorageFailures.IsTransient(e) && elapsed.Elapsed + wait < budget)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(4).Ticks));
            }
        }
    }

    /// <summary>
    /// Keeps who accepted the code and its message id, for its receipt (spec §8): one more write, only for a provider
    /// that will post one. Best effort: without it the receipt is counted and changes nothing.
    /// </summary>
    private async Task RecordAcceptedAsync(DeliveryMessage message, string challengeNonce, ETag claimETag, DeliveryResult result)
    {
        var update = new Dictionary<string, object?>
        {
            [nameof(UserRecord.DeliveryProvider)] = result.Provider,
            [nameof(UserRecord.DeliveryMessageId)] = result.MessageId,
        };
        var etag = claimETag;
        try
        {
            await OptimisticConcurrency.RunAsync(async () =>
            {
                try
                {
                    await store.MergeAsync(message.PartitionKey, update, etag, CancellationToken.None).ConfigureAwait(false);
                    return true;
                }
                catch (ConcurrencyConflictException)
                {
                    // A guess or a verification since the claim: still this code? Then write over the new ETag.
                    var record = await store.GetAsync(message.PartitionKey, CancellationToken.None).ConfigureAwait(false);
                    if (record is null || record.ChallengeNonce != challengeNonce || record.CodeVersion != message.CodeVersion)
                    {
                        return false;
                    }

                    etag = record.ETag;
                    throw;
                }
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RequestFailedException or StorageUnavailableException or ConcurrencyConflictException)
        {
            LogMessageIdNotKept(logger, message.PartitionKey, message.CodeVersion);
        }
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

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Code v{CodeVersion} for user {UserKey}: no provider took it; attempt {Attempt} in {Delay}")]
    private static partial void LogRetryScheduled(ILogger logger, string userKey, int codeVersion, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Code v{CodeVersion} for user {UserKey} given up after {Attempt} attempts: it would arrive too late; the challenge is marked undeliverable")]
    private static partial void LogGaveUp(ILogger logger, string userKey, int codeVersion, int attempt);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Code v{CodeVersion} for user {UserKey}: the provider's message id could not be kept; its receipt will change nothing")]
    private static partial void LogMessageIdNotKept(ILogger logger, string userKey, int codeVersion);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Code v{CodeVersion} for user {UserKey}: the claim's answer was lost; reading whether it landed")]
    private static partial void LogClaimUncertain(ILogger logger, string userKey, int codeVersion);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Code v{CodeVersion} for user {UserKey} not tried again: a provider that timed out may have sent it")]
    private static partial void LogMaybeSent(ILogger logger, string userKey, int codeVersion);
}
