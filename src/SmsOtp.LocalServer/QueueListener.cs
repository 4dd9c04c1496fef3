using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Delivery;
using SmsOtp.Core.Http;
using SmsOtp.Core.Storage;
using SmsOtp.Core.Telemetry;

namespace SmsOtp.LocalServer;

/// <summary>
/// The local stand-in for the Functions queue trigger, with the same semantics taken from host.json: up to
/// <c>batchSize</c> + <c>newBatchThreshold</c> messages in flight, more fetched as soon as slots free (one
/// hanging provider call delays nobody else); a failed message becomes visible again after
/// <c>visibilityTimeout</c>; after <c>maxDequeueCount</c> attempts it moves to <c>&lt;queue&gt;-poison</c>; an
/// idle queue is polled with a backoff capped at <c>maxPollingInterval</c>; a send in this process wakes it.
/// It never stops the host: any failure (storage down, a queue gone) backs off and is logged once per change
/// of state, and it resumes when storage answers. On shutdown it stops receiving, lets deliveries that
/// already called a provider finish, and hands the others back at once (visibility 0) for the next instance.
/// </summary>
public sealed partial class QueueListener(
    QueueServiceClient queues,
    IOptions<StorageOptions> names,
    DeliveryHandler handler,
    DeliverySignal signal,
    QueueHostSettings settings,
    ILogger<QueueListener> logger) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxFailureBackoff = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = queues.GetQueueClient(names.Value.DeliveryQueue);
        var poison = queues.GetQueueClient(names.Value.PoisonQueue);
        var slots = new SemaphoreSlim(settings.MaxConcurrency, settings.MaxConcurrency);
        var inFlight = new HashSet<Task>();
        var wait = MinPollingInterval;
        var failing = false;
        var backoff = TimeSpan.FromSeconds(1);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                var free = slots.CurrentCount + 1;
                QueueMessage[] batch;
                try
                {
                    using var untraced = SmsOtpTelemetry.Untraced();
                    batch = (await queue.ReceiveMessagesAsync(Math.Clamp(Math.Min(free, settings.BatchSize), 1, 32), settings.ProcessingLease, stoppingToken)
                        .ConfigureAwait(false)).Value;
                    if (failing)
                    {
                        failing = false;
                        backoff = TimeSpan.FromSeconds(1);
                        LogRecovered(logger);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    slots.Release();
                    if (!failing)
                    {
                        failing = true;
                        LogReceiveFailing(logger, e.GetType().Name);
                    }

                    // Real time, like the polling wait (a test's fake clock must not stall the recovery); a send
                    // in this process (storage answered it) ends the wait early.
                    await signal.WaitAsync(backoff, stoppingToken).ConfigureAwait(false);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxFailureBackoff.Ticks));
                    continue;
                }

                if (batch.Length == 0)
                {
                    slots.Release();
                    await signal.WaitAsync(wait, stoppingToken).ConfigureAwait(false);
                    wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, settings.MaxPollingInterval.Ticks));
                    continue;
                }

                wait = MinPollingInterval;

                // One slot was taken to wait; take one more for each further message of the batch.
                for (var i = 1; i < batch.Length; i++)
                {
                    await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                }

                foreach (var message in batch)
                {
                    var task = ProcessAsync(queue, poison, message, stoppingToken);
                    lock (inFlight)
                    {
                        inFlight.Add(task);
                    }

                    _ = task.ContinueWith(done =>
                    {
                        lock (inFlight)
                        {
                            inFlight.Remove(done);
                        }

                        slots.Release();
                    }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: stop receiving.
        }

        Task[] remaining;
        lock (inFlight)
        {
            remaining = [.. inFlight];
        }

        LogDraining(logger, remaining.Length);
        await Task.WhenAll(remaining).ConfigureAwait(false);
    }

    /// <summary>Delivers one message; never throws (the listener's loop must not see a delivery's failure).</summary>
    private async Task ProcessAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        var lease = new Lease(message.PopReceipt);
        using (var renewing = new CancellationTokenSource())
        {
            var renewal = RenewAsync(queue, message.MessageId, lease, renewing.Token);
            try
            {
                await handler.HandleAsync(message.MessageText, message.DequeueCount, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                lease.Failure = e;
            }

            // The renewal stops before the message is deleted or handed back, so both use its latest pop receipt.
            await renewing.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
        }

        switch (lease.Failure)
        {
            case null:
                await TryAsync(() => queue.DeleteMessageAsync(message.MessageId, lease.PopReceipt, CancellationToken.None)).ConfigureAwait(false);
                break;

            case OperationCanceledException when stoppingToken.IsCancellationRequested:
                // Shutting down before any provider was called: hand the message back now, not after its lease.
                await TryAsync(() => queue.UpdateMessageAsync(message.MessageId, lease.PopReceipt, visibilityTimeout: TimeSpan.Zero,
                    cancellationToken: CancellationToken.None)).ConfigureAwait(false);
                break;

            case var e:
                // The stack trace names code only; exception messages are left out (they may quote a response).
                LogDeliveryFailed(logger, message.MessageId, message.DequeueCount, e.GetType().Name, e.StackTrace ?? "");
                await TryAsync(async () =>
                {
                    if (message.DequeueCount >= settings.MaxDequeueCount)
                    {
                        await poison.SendMessageAsync(message.MessageText, CancellationToken.None).ConfigureAwait(false);
                        await queue.DeleteMessageAsync(message.MessageId, lease.PopReceipt, CancellationToken.None).ConfigureAwait(false);
                        LogPoisoned(logger, message.MessageId, poison.Name);
                    }
                    else
                    {
                        await queue.UpdateMessageAsync(message.MessageId, lease.PopReceipt, visibilityTimeout: settings.VisibilityTimeout,
                            cancellationToken: CancellationToken.None).ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Keeps the message invisible while it is delivered: every third of the lease, for another lease.</summary>
    private async Task RenewAsync(QueueClient queue, string messageId, Lease lease, CancellationToken cancellationToken)
    {
        var every = settings.ProcessingLease / 3;
        try
        {
            while (true)
            {
                // Real time, like the lease itself (a test's fake clock does not move the queue's). Nearly every delivery
                // ends before the first renewal: its end is a return, not a thrown cancellation (one exception per SMS).
                await Task.Delay(every, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    var renewed = await queue.UpdateMessageAsync(messageId, lease.PopReceipt, visibilityTimeout: settings.ProcessingLease,
                        cancellationToken: cancellationToken).ConfigureAwait(false);
                    lease.PopReceipt = renewed.Value.PopReceipt;
                }
                catch (Exception e) when (ServiceGuard.IsDependencyFailure(e) && !cancellationToken.IsCancellationRequested)
                {
                    // If storage stays down past the lease, the message comes back; its claim keeps it from a second SMS.
                    LogLeaseNotRenewed(logger, messageId, e.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The delivery finished.
        }
    }

    /// <summary>A message's current pop receipt (each renewal replaces it) and how its delivery ended.</summary>
    private sealed class Lease(string popReceipt)
    {
        public string PopReceipt { get; set; } = popReceipt;

        public Exception? Failure { get; set; }
    }

    /// <summary>A queue call after a delivery: if storage fails now, the lease runs out and the message comes back by itself.</summary>
    private async Task TryAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception e) when (ServiceGuard.IsDependencyFailure(e))
        {
            LogQueueOperationFailed(logger, e.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Delivery of message {MessageId} failed on attempt {DequeueCount}: {ExceptionType} {StackTrace}")]
    private static partial void LogDeliveryFailed(ILogger logger, string messageId, long dequeueCount, string exceptionType, string stackTrace);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Message {MessageId} moved to {PoisonQueue}")]
    private static partial void LogPoisoned(ILogger logger, string messageId, string poisonQueue);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Queue operation failed: {ExceptionType}; the message comes back when its lease ends")]
    private static partial void LogQueueOperationFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Error, Message = "The delivery queue does not answer ({ExceptionType}); retrying with backoff")]
    private static partial void LogReceiveFailing(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "The delivery queue answers again")]
    private static partial void LogRecovered(ILogger logger);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Warning, Message = "The lease on message {MessageId} could not be renewed ({ExceptionType})")]
    private static partial void LogLeaseNotRenewed(ILogger logger, string messageId, string exceptionType);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Information, Message = "Stopping: {Count} deliveries in flight finish first")]
    private static partial void LogDraining(ILogger logger, int count);
}
