using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace SmsOtp.Core.RateLimiting;

/// <summary>
/// A limit per key and UTC hour held by insert-only "slot" rows (partition <c>&lt;prefix&gt;&lt;key&gt;</c>, row
/// <c>&lt;UTC hour&gt;-&lt;slot&gt;</c>): slot k of an hour can be inserted once (a second insert gets 409) and only
/// slots below the limit are tried, so no more than the limit can succeed however many requests race, from any
/// instance. The per-number and the per-IP limits are each one of these, with a partition prefix of their own (see
/// <see cref="NumberSendLimiter"/> for the cost in storage transactions).
/// </summary>
public abstract class HourlySlots(TableClient table, string partitionPrefix, string limitName)
{
    /// <summary>Hints kept per instance before they are dropped (they are only a starting point).</summary>
    private const int MaxHints = 100_000;

    private readonly ConcurrentDictionary<string, SlotHint> _hints = new(StringComparer.Ordinal);

    internal async Task<RateLimitDecision> TryAcquireAsync(string key, int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return RateLimitDecision.Allow;
        }

        var partition = partitionPrefix + key;
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var bucket = hour.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        var slot = _hints.TryGetValue(partition, out var hint) && hint.Bucket == bucket ? hint.Next : 0;
        var counted = false;
        while (slot < limit)
        {
            if (await TryInsertAsync(partition, bucket, slot, cancellationToken).ConfigureAwait(false))
            {
                Remember(partition, bucket, slot + 1);
                return RateLimitDecision.Allow;
            }

            if (!counted)
            {
                counted = true;
                slot = Math.Max(slot + 1, await CountAndSweepAsync(partition, bucket, cancellationToken).ConfigureAwait(false));
            }
            else
            {
                slot++;
            }
        }

        // Slots are never freed within the hour: until it ends, this key is refused without a call.
        Remember(partition, bucket, limit);
        return RateLimitDecision.Refuse(limitName, hour.AddHours(1) - now);
    }

    private void Remember(string partition, string bucket, int next)
    {
        if (_hints.Count >= MaxHints)
        {
            _hints.Clear();
        }

        _hints.AddOrUpdate(partition, new SlotHint(bucket, next),
            (_, old) => old.Bucket == bucket && old.Next > next ? old : new SlotHint(bucket, next));
    }

    private sealed record SlotHint(string Bucket, int Next);

    private async Task<bool> TryInsertAsync(string partition, string bucket, int slot, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(new TableEntity(partition, $"{bucket}-{slot:D4}"), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Counts this hour's slots and removes the rows of past hours.</summary>
    private async Task<int> CountAndSweepAsync(string partition, string bucket, CancellationToken cancellationToken)
    {
        var count = 0;
        var stale = new List<TableTransactionAction>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey.StartsWith(bucket + "-", StringComparison.Ordinal))
            {
                count++;
            }
            else if (string.CompareOrdinal(row.RowKey, bucket) < 0 && stale.Count < 100)
            {
                stale.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, row.RowKey), ETag.All));
            }
        }

        if (stale.Count > 0)
        {
            try
            {
                await table.SubmitTransactionAsync(stale, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException)
            {
                // Another send swept them first; the next sweep will take what is left.
            }
        }

        return count;
    }
}
