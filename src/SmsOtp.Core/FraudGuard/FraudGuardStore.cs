using Azure.Data.Tables;

namespace SmsOtp.Core.FraudGuard;

/// <summary>
/// The guard's shared rows, in a table of their own (<c>SmsOtp:Storage:FraudGuardTable</c>): per destination and
/// window bucket, and per tenant and five-minute bucket of the cap, one row whose columns are the instances'
/// counts (<c>i&lt;instance&gt;</c>: sends and verifications packed in one 64-bit value). Each instance writes only
/// its own column, with an unconditional merge of its absolute counts, so writes never conflict, need no read
/// first and can be repeated; a reader sums the columns. A bucket's rows share a partition, so one entity group
/// transaction writes up to 100 of them. Suspensions are rows of partition <c>s</c> (row: the destination).
/// Only this class and <see cref="FraudGuardSync"/> touch the table, never a request.
/// </summary>
public sealed class FraudGuardStore(TableServiceClient service, IOptions<StorageOptions> names)
{
    public const string SuspensionPartition = "s";

    private const int BatchSize = 100;

    public TableClient Table { get; } = service.GetTableClient(names.Value.FraudGuardTable);

    /// <summary>Writes this instance's counts (one merge per row, batched per partition).</summary>
    internal async Task WriteCountsAsync(IReadOnlyCollection<(CountKey Key, Count Value, long Version)> counts, string column, CancellationToken cancellationToken)
    {
        foreach (var partition in counts.GroupBy(c => c.Key.Partition))
        {
            foreach (var chunk in partition.Chunk(BatchSize))
            {
                var actions = chunk.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertMerge,
                    new TableEntity(partition.Key, c.Key.Row) { [column] = c.Value.Packed })).ToList();
                if (actions.Count == 1)
                {
                    await Table.UpsertEntityAsync((TableEntity)actions[0].Entity, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await Table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>The other instances' counts in the partitions from <paramref name="from"/> to <paramref name="to"/> (inclusive).</summary>
    internal async Task ReadCountsAsync(string from, string to, string ownColumn, Dictionary<CountKey, Count> into, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey le {to}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (CountKey.Parse(row.PartitionKey, row.RowKey) is not { } key)
            {
                continue;
            }

            int sends = 0, verified = 0;
            foreach (var (name, value) in row)
            {
                if (name.Length > 1 && name[0] == 'i' && name != ownColumn && value is long packed)
                {
                    var c = Count.Unpack(packed);
                    sends += c.Sends;
                    verified += c.Verified;
                }
            }

            into[key] = new Count(sends, verified);
        }
    }

    /// <summary>Every destination's last suspension.</summary>
    internal async Task<Dictionary<string, (DateTimeOffset Until, int Repeat)>> ReadSuspensionsAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, (DateTimeOffset, int)>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {SuspensionPartition}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.GetDateTimeOffset("Until") is { } until)
            {
                result[row.RowKey] = (until, row.GetInt32("Repeat") ?? 1);
            }
        }

        return result;
    }

    /// <summary>
    /// Records a suspension this instance decided, unless the row already holds one that ends as late or later (another
    /// instance was first): returns what the row holds afterwards. A lost race is read again at the next sync.
    /// </summary>
    internal async Task<(DateTimeOffset Until, int Repeat)?> WriteSuspensionAsync(string prefix, DateTimeOffset until, int repeat, CancellationToken cancellationToken)
    {
        var current = await Table.GetEntityIfExistsAsync<TableEntity>(SuspensionPartition, prefix, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (current.HasValue && current.Value!.GetDateTimeOffset("Until") is { } stored && stored >= until)
        {
            return (stored, current.Value.GetInt32("Repeat") ?? 1);
        }

        var entity = new TableEntity(SuspensionPartition, prefix) { ["Until"] = until, ["Repeat"] = repeat };
        try
        {
            if (current.HasValue)
            {
                await Table.UpdateEntityAsync(entity, current.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            }

            return (until, repeat);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return null;
        }
    }

    /// <summary>
    /// Deletes the rows of partitions from <paramref name="from"/> up to (not including) <paramref name="before"/>, at
    /// most <paramref name="max"/>. Another instance may sweep the same rows: a batch that finds one gone is skipped.
    /// </summary>
    internal async Task<int> SweepAsync(string from, string before, int max, CancellationToken cancellationToken) =>
        await DeleteAsync(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {before}"), max, cancellationToken).ConfigureAwait(false);

    /// <summary>Deletes suspension rows that ended before <paramref name="endedBefore"/> (too long ago to double the next one).</summary>
    internal async Task<int> SweepSuspensionsAsync(DateTimeOffset endedBefore, int max, CancellationToken cancellationToken) =>
        await DeleteAsync(TableClient.CreateQueryFilter($"PartitionKey eq {SuspensionPartition} and Until lt {endedBefore}"), max, cancellationToken)
            .ConfigureAwait(false);

    private async Task<int> DeleteAsync(string filter, int max, CancellationToken cancellationToken)
    {
        var stale = new List<(string Partition, string Row)>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            stale.Add((row.PartitionKey, row.RowKey));
            if (stale.Count >= max)
            {
                break;
            }
        }

        var deleted = 0;
        foreach (var partition in stale.GroupBy(s => s.Partition))
        {
            foreach (var chunk in partition.Chunk(BatchSize))
            {
                try
                {
                    await Table.SubmitTransactionAsync(
                        chunk.Select(s => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(s.Partition, s.Row), ETag.All)),
                        cancellationToken).ConfigureAwait(false);
                    deleted += chunk.Length;
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // Swept by another instance first.
                }
            }
        }

        return deleted;
    }
}
