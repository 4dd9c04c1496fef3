using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SmsOtp.Core.Storage;

/// <summary>Creates the table, the delivery queue and its poison queue once at start-up (never per request).</summary>
public sealed class StorageInitializer(
    TableServiceClient tables,
    QueueServiceClient queues,
    IOptions<StorageNamesOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var names = options.Value;
        await tables.GetTableClient(names.UsersTable).CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await queues.GetQueueClient(names.DeliveryQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await queues.GetQueueClient(names.PoisonQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
