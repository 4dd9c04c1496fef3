using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Delivery;
using SmsOtp.Core.Http;
using SmsOtp.Core.Receipts.EventGrid;
using SmsOtp.Core.Storage;

namespace SmsOtp.LocalServer;

/// <summary>
/// The local stand-in for the <c>AcsDeliveryReport</c> queue trigger: takes the receipt queue
/// (<c>SmsOtp:Storage:ReceiptQueue</c>) as stored, without the SDK's decoding (a message may be JSON or Base64, and
/// <see cref="AcsDeliveryReportParser"/> reads both), and applies each through <see cref="AcsDeliveryReportHandler"/>. A message
/// the handler took (applied, ignored or malformed) is deleted; one whose handling failed (storage) comes back after the
/// visibility timeout and, after <c>maxDequeueCount</c> attempts, moves to <c>&lt;queue&gt;-poison</c>, as on the Functions host.
/// </summary>
public sealed partial class ReceiptQueueListener(
    IConfiguration configuration,
    IOptions<StorageOptions> names,
    AcsDeliveryReportHandler handler,
    QueueHostSettings settings,
    ILogger<ReceiptQueueListener> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var (queue, poison) = Clients();
        var wait = TimeSpan.FromMilliseconds(100);
        var ready = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!handler.Expected)
                {
                    // No ACS provider with delivery reports: no queue to poll (each poll is a storage transaction).
                    await Task.Delay(settings.MaxPollingInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                if (!ready)
                {
                    await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                    await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                    ready = true;
                }

                var batch = (await queue.ReceiveMessagesAsync(Math.Clamp(settings.BatchSize, 1, 32), Lease, stoppingToken).ConfigureAwait(false)).Value;
                if (batch.Length == 0)
                {
                    await Task.Delay(wait, stoppingToken).ConfigureAwait(false);
                    wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, settings.MaxPollingInterval.Ticks));
                    continue;
                }

                wait = TimeSpan.FromMilliseconds(100);
                foreach (var message in batch)
                {
                    try
                    {
                        await handler.HandleAsync(message.MessageText, stoppingToken).ConfigureAwait(false);
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                    {
                        LogFailed(logger, message.MessageId, message.DequeueCount, e.GetType().Name);
                        if (message.DequeueCount >= settings.MaxDequeueCount)
                        {
                            await poison.SendMessageAsync(message.MessageText, CancellationToken.None).ConfigureAwait(false);
                            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
                        }
                        else
                        {
                            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout,
                                cancellationToken: CancellationToken.None).ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (ServiceGuard.IsDependencyFailure(e))
            {
                // Storage is down: try again later; a message being handled comes back when its lease ends.
                LogReceiveFailing(logger, e.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Raw clients (no message encoding) on the receipt queue and its poison queue, from the app's storage setting.</summary>
    private (QueueClient Queue, QueueClient Poison) Clients()
    {
        var connection = StorageConnection.From(configuration);
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        var name = names.Value.ReceiptQueue;
        return connection.ConnectionString is { } cs
            ? (new QueueClient(cs, name, options), new QueueClient(cs, name + "-poison", options))
            : (new QueueClient(new Uri(connection.QueueServiceUri!, name), connection.Credential!, options),
               new QueueClient(new Uri(connection.QueueServiceUri!, name + "-poison"), connection.Credential!, options));
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Receipt message {MessageId} failed on attempt {DequeueCount}: {ExceptionType}")]
    private static partial void LogFailed(ILogger logger, string messageId, long dequeueCount, string exceptionType);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "The receipt queue does not answer ({ExceptionType}); retrying")]
    private static partial void LogReceiveFailing(ILogger logger, string exceptionType);
}
