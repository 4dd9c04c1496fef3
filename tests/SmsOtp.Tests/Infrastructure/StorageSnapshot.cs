namespace SmsOtp.Tests.Infrastructure;

/// <summary>
/// Everything a request could have changed in storage: every row of the service's table (keys and ETag,
/// which changes on any write) and the delivery and poison queues' messages.
/// </summary>
public sealed record StorageSnapshot(string Rows, string Queue)
{
    /// <summary>The local server's own table, delivery queue and poison queue.</summary>
    public static Task<StorageSnapshot> TakeAsync(LocalServerHost server)
    {
        var queues = server.Services.GetRequiredService<QueueServiceClient>();
        return TakeAsync(server.Services.GetRequiredService<TableServiceClient>().GetTableClient(server.Table),
            queues.GetQueueClient(server.Queue), queues.GetQueueClient(server.Queue + "-poison"));
    }

    public static async Task<StorageSnapshot> TakeAsync(TableClient table, QueueClient queue, QueueClient poison)
    {
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add($"{row.PartitionKey}/{row.RowKey}@{row.ETag}");
        }

        rows.Sort(StringComparer.Ordinal);
        var messages = new List<string>();
        foreach (var q in new[] { queue, poison })
        {
            var props = await q.GetPropertiesAsync();
            messages.Add($"{q.Name}:{props.Value.ApproximateMessagesCount}");
            messages.AddRange((await q.PeekMessagesAsync(32)).Value.Select(m => m.MessageId));
        }

        return new StorageSnapshot(string.Join('\n', rows), string.Join('\n', messages));
    }
}
