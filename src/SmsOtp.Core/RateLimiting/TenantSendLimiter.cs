using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace SmsOtp.Core.RateLimiting;

/// <summary>
/// The per-tenant cost ceiling per UTC minute, by leasing: an instance claims a block of sends from the
/// tenant's minute row (partition <c>rl.t.&lt;tenant&gt;</c>, row <c>&lt;minute of hour&gt;</c>, a point read
/// and a conditional write) and spends it from memory. The row never grants more than the limit, so the
/// limit holds across instances; sends a lease leaves unspent are lost (the limit errs low, never high).
/// The row is written once per block, not per send, so it is not a hot row, and 60 rows per tenant
/// are reused hour after hour. Once the minute is spent, refusals cost no storage transaction.
/// </summary>
public sealed class TenantSendLimiter(UsersTable table)
{
    public const string PartitionPrefix = "rl.t.";
    private readonly TableClient _table = table.Client;
    private readonly ConcurrentDictionary<string, Lease> _leases = new(StringComparer.Ordinal);

    /// <summary>The largest block an instance leases at once.</summary>
    public const int MaxBlock = 50;

    /// <summary>Block size: a twentieth of the limit, 1 to <see cref="MaxBlock"/>.</summary>
    public static int BlockSize(int limit) => Math.Clamp(limit / 20, 1, MaxBlock);

    internal async Task<RateLimitDecision> TryAcquireAsync(string tenant, int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return RateLimitDecision.Allow;
        }

        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var bucket = minute.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
        var refuse = RateLimitDecision.Refuse(RateLimitDecision.Tenant, minute.AddMinutes(1) - now);
        var lease = _leases.GetOrAdd(tenant, _ => new Lease());
        await lease.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (lease.Bucket == bucket)
            {
                if (lease.Remaining > 0)
                {
                    lease.Remaining--;
                    return RateLimitDecision.Allow;
                }

                if (lease.Exhausted)
                {
                    return refuse;
                }
            }

            var granted = await ClaimAsync(tenant, minute, bucket, limit, cancellationToken).ConfigureAwait(false);
            lease.Bucket = bucket;
            lease.Exhausted = granted == 0;
            lease.Remaining = Math.Max(0, granted - 1);
            return granted > 0 ? RateLimitDecision.Allow : refuse;
        }
        finally
        {
            lease.Gate.Release();
        }
    }

    private async Task<int> ClaimAsync(string tenant, DateTimeOffset minute, string bucket, int limit, CancellationToken cancellationToken)
    {
        var partition = PartitionPrefix + tenant;
        var row = minute.Minute.ToString("D2", CultureInfo.InvariantCulture);
        var block = BlockSize(limit);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            var sameMinute = current.HasValue && current.Value!.GetString("Bucket") == bucket;
            var used = sameMinute ? current.Value!.GetInt32("Granted") ?? 0 : 0;
            var grant = Math.Min(block, limit - used);
            if (grant <= 0)
            {
                return 0;
            }

            var entity = new TableEntity(partition, row) { ["Bucket"] = bucket, ["Granted"] = used + grant };
            try
            {
                if (current.HasValue)
                {
                    await _table.UpdateEntityAsync(entity, current.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }

                return grant;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
            {
                // Another instance claimed first: read again.
            }
        }
    }

    private sealed class Lease
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public string? Bucket { get; set; }
        public int Remaining { get; set; }
        public bool Exhausted { get; set; }
    }
}
