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
    DeliveryClaims claims,
    ISmsSender sender,
    IRedeliveryQueue queue,
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
            claims.Drop("malformed", "?", 0);
            return;
        }

        if (time.GetUtcNow() >= message.ExpiresAt)
        {
            claims.Drop("expired", message.PartitionKey, message.CodeVersion);
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
        SmsContent? content;
        try
        {
            content = plain is null ? null : JsonSerializer.Deserialize<SmsContent>(plain);
        }
        catch (JsonException)
        {
            content = null;
        }

        if (content is null)
        {
            // Tampered with, or bound to another row or version: never deliverable.
            claims.Drop("undecryptable", message.PartitionKey, message.CodeVersion);
            return;
        }

        // Cancellation (a host shutting down) is honoured up to here. From the claim on, the work runs to its
        // end: the provider call is bounded by each provider's TimeoutSeconds, and a call cut off midway could
        // not know whether the SMS went out (it would be sent twice, or never).
        cancellationToken.ThrowIfCancellationRequested();
        var claim = await claims.ClaimAsync(message, content.ChallengeNonce, dequeueCount, CancellationToken.None).ConfigureAwait(false);
        if (claim is null)
        {
            return;
        }

        // {minutes} is the code's own lifetime (a send may set it, spec §15.3): expiry less the time it was queued.
        var lifetime = message.EnqueuedAt is { } queued ? (int)Math.Round((message.ExpiresAt - queued).TotalSeconds) : (int?)null;
        var text = texts.Compose(content.Tenant, content.Code, content.Locale, content.Transaction, content.AppHash, lifetime);
        var sms = new SmsMessage(content, text.Text)
        {
            TimedOutBefore = message.TimedOut ?? [],
            Reference = MessageReference.Create(keySet.Derive(MessageReference.Purpose), message.PartitionKey, message.CodeVersion),
            ReceiptBaseUrl = options.CurrentValue.ReceiptBaseUrl,
            FirstAttempt = message.EnqueuedAt ?? time.GetUtcNow(),
        };
        var result = await sender.SendAsync(sms, CancellationToken.None).ConfigureAwait(false);
        if (result.Accepted)
        {
            // The claim stays: it is the record that this code went out, so a redelivery will not resend it.
            LogDelivered(logger, message.PartitionKey, message.CodeVersion, result.Provider ?? "?");
            SmsOtpTelemetry.RecordDelivered(result.Provider, message.EnqueuedAt, time.GetUtcNow());
            SmsOtpTelemetry.RecordSegments(content.Tenant, content.Mobile, text.Count.Encoding, text.Count.Segments);
            if (result.ReceiptsExpected)
            {
                await claims.RecordAcceptedAsync(message, content.ChallengeNonce, claim.Value, result).ConfigureAwait(false);
            }

            return;
        }

        if (result.Transient)
        {
            await RetryLaterAsync(message, content.ChallengeNonce, claim.Value, result).ConfigureAwait(false);
            return;
        }

        if (result.MayHaveBeenSent)
        {
            // Every provider left refused or was skipped, and one that timed out may have sent the code: keep the
            // claim (no second SMS, no delivery_failed for a code that may have arrived); the user can resend.
            LogMaybeSent(logger, message.PartitionKey, message.CodeVersion);
            return;
        }

        var last = dequeueCount >= queueSettings.MaxDequeueCount;
        await claims.RecordFailureAsync(message, content.ChallengeNonce, claim.Value, last, CancellationToken.None).ConfigureAwait(false);
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
    private async Task RetryLaterAsync(DeliveryMessage message, string challengeNonce, ETag claim, DeliveryResult result)
    {
        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        var backoff = Math.Min(o.RedeliveryMaxDelaySeconds, o.RedeliveryBaseDelaySeconds * Math.Pow(2, Math.Min(message.Attempt - 1, 20)));
        var delay = TimeSpan.FromSeconds(backoff * (0.8 + (Random.Shared.NextDouble() * 0.4)));
        if (result.RetryAfter is { } wait && wait > delay)
        {
            delay = wait;
        }

        if (now + delay > message.ExpiresAt - TimeSpan.FromSeconds(o.GiveUpSecondsBeforeExpiry))
        {
            if (result.MayHaveBeenSent)
            {
                LogMaybeSent(logger, message.PartitionKey, message.CodeVersion);
                return;
            }

            await claims.RecordFailureAsync(message, challengeNonce, claim, last: true, CancellationToken.None).ConfigureAwait(false);
            LogGaveUp(logger, message.PartitionKey, message.CodeVersion, message.Attempt);
            SmsOtpTelemetry.RecordGaveUp();
            return;
        }

        await claims.RecordFailureAsync(message, challengeNonce, claim, last: false, CancellationToken.None).ConfigureAwait(false);
        await queue.RequeueAsync(message with { Attempt = message.Attempt + 1, ETag = default, TimedOut = result.TimedOut }, delay, CancellationToken.None)
            .ConfigureAwait(false);
        LogRetryScheduled(logger, message.PartitionKey, message.CodeVersion, message.Attempt + 1, delay);
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Code v{CodeVersion} for user {UserKey} accepted by {Provider}")]
    private static partial void LogDelivered(ILogger logger, string userKey, int codeVersion, string provider);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Code v{CodeVersion} for user {UserKey}: no provider took it; attempt {Attempt} in {Delay}")]
    private static partial void LogRetryScheduled(ILogger logger, string userKey, int codeVersion, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Code v{CodeVersion} for user {UserKey} given up after {Attempt} attempts: it would arrive too late; the challenge is marked undeliverable")]
    private static partial void LogGaveUp(ILogger logger, string userKey, int codeVersion, int attempt);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Code v{CodeVersion} for user {UserKey} not tried again: a provider that timed out may have sent it")]
    private static partial void LogMaybeSent(ILogger logger, string userKey, int codeVersion);
}
