using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Configuration;
using SmsOtp.Core.Security;

namespace SmsOtp.Core.Storage;

/// <summary>
/// Creates the table, the delivery queue and its poison queue once at start-up (never per request), and
/// loads the service keys so a missing secret stops the host at start rather than at the first login.
/// </summary>
public sealed class StorageInitializer(
    TableServiceClient tables,
    QueueServiceClient queues,
    IOptions<SmsOtpOptions> options,
    ServiceKeys keys) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var names = options.Value.Storage;
        await tables.GetTableClient(names.UsersTable).CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await queues.GetQueueClient(names.DeliveryQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await queues.GetQueueClient(names.DeliveryQueue + "-poison").CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await keys.GetAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
