using Azure.Storage.Queues.Models;
using Azure.Storage.Queues;
using Azure;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Delivery;
using SmsOtp.Core.Storage;

namespace SmsOtp.LocalServer;

/// <summary>
/// The local stand-in for the Functions queue trigger, with the same semantics taken from host.json:
/// batches of <c>batchSize</c>, a failed message becomes visible again after <c>visibilityTimeout</c>,
/// after <c>maxDequeueCount</c> attempts it moves to <c>&lt;queue&gt;-poison</c>, and an idle queue is
/// polled with a backoff capped at <c>maxPollingInterval</c>. A send in this process wakes it at once.
/// </summary>
public sealed partial class QueueListener(
    QueueServiceClient queues,
    IOptions<StorageNamesOptions> names,
    DeliveryHandler handler,
    DeliverySignal signal,
    QueueHostSettings settings,
    ILogger<QueueListener> logger) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a received message stays invisible while it is being delivered.</summary>
    private static readonly TimeSpan ProcessingLease = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = queues.GetQueueClient(names.Value.DeliveryQueue);
        var poison = queues.GetQueueClient(names.Value.PoisonQueue);
        var wait = MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] batch;
            try
            {
                batch = (await queue.ReceiveMessagesAsync(Math.Clamp(settings.BatchSize, 1, 32), ProcessingLease, stoppingToken).ConfigureAwait(false)).Value;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (RequestFailedException e)
            {
                LogReceiveFailed(logger, e.Status);
                batch = [];
            }

            if (batch.Length > 0)
            {
                wait = MinPollingInterval;
                await Task.WhenAll(batch.Select(m => ProcessAsync(queue, poison, m, stoppingToken))).ConfigureAwait(false);
                continue;
            }

            try
            {
                await signal.WaitAsync(wait, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, settings.MaxPollingInterval.Ticks));
        }
    }

    private async Task ProcessAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await handler.HandleAsync(message.MessageText, message.DequeueCount, stoppingToken).ConfigureAwait(false);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the message becomes visible again when its lease ends.
        }
        catch (Exception e)
        {
            // The stack trace names code only; exception messages are left out (they may quote a response).
            LogDeliveryFailed(logger, message.MessageId, message.DequeueCount, e.GetType().Name, e.StackTrace ?? "");
            try
            {
                if (message.DequeueCount >= settings.MaxDequeueCount)
                {
                    await poison.SendMessageAsync(message.MessageText, stoppingToken).ConfigureAwait(false);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken).ConfigureAwait(false);
                    LogPoisoned(logger, message.MessageId, poison.Name);
                }
                else
                {
                    await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout,
                        cancellationToken: stoppingToken).ConfigureAwait(false);
                }
            }
            catch (RequestFailedException inner)
            {
                LogReceiveFailed(logger, inner.Status);
            }
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Delivery of message {MessageId} failed on attempt {DequeueCount}: {ExceptionType} {StackTrace}")]
    private static partial void LogDeliveryFailed(ILogger logger, string messageId, long dequeueCount, string exceptionType, string stackTrace);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Message {MessageId} moved to {PoisonQueue}")]
    private static partial void LogPoisoned(ILogger logger, string messageId, string poisonQueue);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Queue operation failed with status {Status}")]
    private static partial void LogReceiveFailed(ILogger logger, int status);
}
