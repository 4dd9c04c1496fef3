namespace SmsOtp.Core.Delivery;

/// <summary>
/// Delivery's writes on the user's row, through <see cref="CodeDelivery"/>'s rules: the claim before any provider is
/// called (surviving a lost answer), who accepted the code, and the release (or undeliverable) when none did. Logs under
/// <see cref="DeliveryHandler"/>'s category, whose events these were.
/// </summary>
public sealed partial class DeliveryClaims(
    IUserStore store,
    IOptionsMonitor<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryHandler> logger)
{
    /// <summary>
    /// Claims the code version for this delivery; null means drop the message. The claim carries a token of this
    /// attempt, so when a claim write lands but its answer is lost (a reset, a timeout, the SDK's retry meeting its own
    /// write as a 412), the re-read tells "claimed by me, send" from "claimed by another attempt, not again" without
    /// any extra transaction on the happy path. The re-read is retried with backoff for as long as the code could still
    /// be delivered (until <c>GiveUpSecondsBeforeExpiry</c> before it expires; the provider has not been called, so waiting
    /// is safe): only a storage outage longer than that ends the attempt, and then the code is of no use anyway.
    /// </summary>
    public async Task<ETag?> ClaimAsync(DeliveryMessage message, string challengeNonce, long dequeueCount, CancellationToken cancellationToken)
    {
        var token = StorageFailures.NewWriteToken();
        var code = new CodeDelivery(challengeNonce, message.CodeVersion);
        var claim = code.Claim(token);

        var uncertain = false;

        // First attempt: nothing can have claimed this version, and an unchanged ETag proves the code is
        // still current, so a blind conditional write both checks and claims.
        if (dequeueCount <= 1 && message.ETag != default)
        {
            try
            {
                return await store.MergeAsync(message.PartitionKey, claim, message.ETag, cancellationToken).ConfigureAwait(false);
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
            var check = code.Check(record, token);
            if (check != CodeDelivery.ClaimCheck.Free)
            {
                // Our own claim whose answer was lost: the provider has not been called yet. Any other: drop.
                return check == CodeDelivery.ClaimCheck.ClaimedByMe ? record!.ETag : Dropped(message, check);
            }

            try
            {
                return await store.MergeAsync(message.PartitionKey, claim, record!.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (StorageFailures.IsTransient(e) && ++uncertainWrites <= 2)
            {
                LogClaimUncertain(logger, message.PartitionKey, message.CodeVersion);
                uncertain = true;
                throw new ConcurrencyConflictException("The claim's answer was lost.", e);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A message that will not be delivered: logged and counted by its reason.</summary>
    public void Drop(string reason, string partitionKey, int codeVersion)
    {
        LogDropped(logger, reason, partitionKey, codeVersion);
        SmsOtpTelemetry.RecordDropped(reason);
    }

    private ETag? Dropped(DeliveryMessage message, CodeDelivery.ClaimCheck check)
    {
        Drop(check switch
        {
            CodeDelivery.ClaimCheck.Erased => "erased",
            CodeDelivery.ClaimCheck.Superseded => "superseded",
            _ => "already-claimed",
        }, message.PartitionKey, message.CodeVersion);
        return null;
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
    public async Task RecordAcceptedAsync(DeliveryMessage message, string challengeNonce, ETag claimETag, DeliveryResult result)
    {
        var update = CodeDelivery.Accept(result.Provider, result.MessageId);
        var code = new CodeDelivery(challengeNonce, message.CodeVersion);
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
                    if (record is null || !code.IsSameCode(record))
                    {
                        return false;
                    }

                    etag = record.ETag;
                    throw;
                }
            }, CancellationToken.None).ConfigureAwait(false);
        }
        // Best effort: any storage failure (a 4xx, a conflict that outlasted the retry, an outage) only loses the message id.
        catch (Exception e) when (StorageFailures.IsFailure(e))
        {
            LogMessageIdNotKept(logger, message.PartitionKey, message.CodeVersion);
        }
    }

    public Task RecordFailureAsync(DeliveryMessage message, string challengeNonce, ETag claimETag, bool last, CancellationToken cancellationToken)
    {
        var etag = claimETag;
        var code = new CodeDelivery(challengeNonce, message.CodeVersion);
        var update = CodeDelivery.Fail(last);
        return OptimisticConcurrency.RunAsync(async () =>
        {
            try
            {
                await store.MergeAsync(message.PartitionKey, update, etag, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                var record = await store.GetAsync(message.PartitionKey, cancellationToken).ConfigureAwait(false);
                if (record is null || !code.IsCurrent(record))
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

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Code v{CodeVersion} for user {UserKey}: the provider's message id could not be kept; its receipt will change nothing")]
    private static partial void LogMessageIdNotKept(ILogger logger, string userKey, int codeVersion);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Code v{CodeVersion} for user {UserKey}: the claim's answer was lost; reading whether it landed")]
    private static partial void LogClaimUncertain(ILogger logger, string userKey, int codeVersion);
}
