using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Hosting;

namespace SmsOtp.Core.Storage;

/// <summary>
/// Creates the tables (users, fraud guard), the delivery queue and its poison queue: once at start-up (never per request, and a
/// failure stops the host), and again whenever a call finds one missing (<see cref="StorageHealth"/>): once
/// per loss however many requests saw it, retried with backoff (1 s doubling to 30 s) until storage takes
/// it, so the service serves again without a restart. Requests meanwhile answer 503.
/// </summary>
public sealed partial class StorageProvisioner(
    TableServiceClient tables,
    QueueServiceClient queues,
    IOptions<StorageOptions> options,
    StorageHealth health,
    ILogger<StorageProvisioner> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates whatever of the tables and queues does not exist.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var names = options.Value;
        await tables.GetTableClient(names.UsersTable).CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await tables.GetTableClient(names.FraudGuardTable).CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await queues.GetQueueClient(names.DeliveryQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await queues.GetQueueClient(names.PoisonQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await health.WaitForReportAsync(stoppingToken).ConfigureAwait(false);
                LogMissing(logger);
                var wait = FirstRetry;
                while (true)
                {
                    try
                    {
                        await EnsureAsync(stoppingToken).ConfigureAwait(false);
                        health.Restored();
                        LogRecreated(logger);
                        break;
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                    {
                        LogRecreateFailed(logger, e.GetType().Name, wait);
                        // Real time: the backoff is a timer, not the service's clock (a test's fake clock must not stall it).
                        await Task.Delay(wait, stoppingToken).ConfigureAwait(false);
                        wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, MaxRetry.Ticks));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "Storage lost its table or queue; re-creating them")]
    private static partial void LogMissing(ILogger logger);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Storage table and queues re-created; serving again")]
    private static partial void LogRecreated(ILogger logger);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Re-creating the storage table and queues failed ({ExceptionType}); next try in {Wait}")]
    private static partial void LogRecreateFailed(ILogger logger, string exceptionType, TimeSpan wait);
}
