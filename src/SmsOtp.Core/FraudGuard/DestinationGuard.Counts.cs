namespace SmsOtp.Core.FraudGuard;

/// <summary>
/// The counts <see cref="DestinationGuard"/> judges by: a destination's window, and the spending caps' hour; below, the
/// shared rows they are kept in (<see cref="CountKey"/>, <see cref="Count"/>).
/// </summary>
public sealed partial class DestinationGuard
{
    /// <summary>The oldest time any count is still needed for: the window, and the cap's hour.</summary>
    internal static DateTimeOffset RetainedSince(FraudGuardOptions o, DateTimeOffset now) =>
        now - TimeSpan.FromMinutes(Math.Max(o.WindowMinutes + o.BucketMinutes, 60 + CountKey.CapBucketMinutes));

    /// <summary>The buckets of the window ending now: as many as cover <c>WindowMinutes</c>, the current one included.</summary>
    internal static (long First, long Last) WindowBuckets(FraudGuardOptions o, DateTimeOffset now)
    {
        var last = CountKey.BucketOf(now, o.BucketMinutes);
        var count = (o.WindowMinutes + o.BucketMinutes - 1) / o.BucketMinutes;
        return (last - count + 1, last);
    }

    private (int Sent, int Verified) WindowCount(string prefix, FraudGuardOptions o, DateTimeOffset now, DateTimeOffset? since)
    {
        var (first, last) = WindowBuckets(o, now);
        int sent = 0, verified = 0;
        for (var b = first; b <= last; b++)
        {
            if (since is { } s && CountKey.StartOf(b + 1, o.BucketMinutes) <= s)
            {
                continue; // before the last suspension ended: judged already
            }

            var c = Read(new CountKey(CountKey.Prefix, o.BucketMinutes, b, prefix));
            sent += c.Sends;
            verified += c.Verified;
        }

        return (sent, verified);
    }

    /// <summary>Null when neither cap is reached; else how long until the oldest buckets leave the hour enough to fit one more.</summary>
    private TimeSpan? CapRetry(string tenant, int globalCap, int tenantCap, DateTimeOffset now)
    {
        var current = CountKey.BucketOf(now, CountKey.CapBucketMinutes);
        TimeSpan? Over(string row, int cap)
        {
            if (cap <= 0)
            {
                return null;
            }

            Span<int> perBucket = stackalloc int[CountKey.CapBuckets];
            var total = 0;
            for (var i = 0; i < CountKey.CapBuckets; i++)
            {
                perBucket[i] = Read(new CountKey(CountKey.Cap, CountKey.CapBucketMinutes, current - CountKey.CapBuckets + 1 + i, row)).Sends;
                total += perBucket[i];
            }

            for (var i = 0; total >= cap && i < CountKey.CapBuckets; i++)
            {
                total -= perBucket[i];
                if (total < cap)
                {
                    // Bucket i leaves the hour when bucket i + CapBuckets begins.
                    return CountKey.StartOf(current + 1 + i, CountKey.CapBucketMinutes) - now;
                }
            }

            return total >= cap ? TimeSpan.FromHours(1) : null;
        }

        var global = Over(CountKey.AllTenants, globalCap);
        var own = Over(tenant, tenantCap);
        return global is null ? own : own is null ? global : global > own ? global : own;
    }
}

/// <summary>
/// One shared row of the guard's table: a destination's counts in one window bucket (partition
/// <c>p&lt;bucket minutes&gt;.&lt;bucket&gt;</c>, row the prefix), or a tenant's SMS in one five-minute bucket of the
/// spending cap (partition <c>c.&lt;bucket&gt;</c>, row the tenant, <see cref="AllTenants"/> for the total).
/// Buckets are numbered from the Unix epoch, so every instance names the same row for the same time.
/// </summary>
internal readonly record struct CountKey(char Kind, int BucketMinutes, long Bucket, string Row)
{
    public const char Prefix = 'p';
    public const char Cap = 'c';

    /// <summary>The cap's total over all tenants (no tenant name can start with <c>*</c>).</summary>
    public const string AllTenants = "*";

    public const int CapBucketMinutes = 5;

    /// <summary>Buckets in the cap's sliding hour (the current one included).</summary>
    public const int CapBuckets = 60 / CapBucketMinutes;

    public string Partition => Kind == Prefix
        ? string.Create(CultureInfo.InvariantCulture, $"p{BucketMinutes:D4}.{Bucket:D10}")
        : string.Create(CultureInfo.InvariantCulture, $"c.{Bucket:D10}");

    public static long BucketOf(DateTimeOffset time, int bucketMinutes) => time.ToUnixTimeSeconds() / 60 / bucketMinutes;

    public static DateTimeOffset StartOf(long bucket, int bucketMinutes) => DateTimeOffset.FromUnixTimeSeconds(bucket * bucketMinutes * 60);

    public static string PrefixPartition(int bucketMinutes, long bucket) => new CountKey(Prefix, bucketMinutes, bucket, "").Partition;

    public static string CapPartition(long bucket) => new CountKey(Cap, CapBucketMinutes, bucket, "").Partition;

    /// <summary>Reads a partition and row back into a key; null for a row that is not a count row.</summary>
    public static CountKey? Parse(string partition, string row)
    {
        if (partition.Length == 16 && partition[0] == Prefix && partition[5] == '.'
            && int.TryParse(partition.AsSpan(1, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes > 0
            && long.TryParse(partition.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var bucket))
        {
            return new CountKey(Prefix, minutes, bucket, row);
        }

        if (partition.Length == 12 && partition.StartsWith("c.", StringComparison.Ordinal)
            && long.TryParse(partition.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var capBucket))
        {
            return new CountKey(Cap, CapBucketMinutes, capBucket, row);
        }

        return null;
    }
}

/// <summary>Sends and verifications in one bucket (verifications stay 0 in the cap's rows).</summary>
internal readonly record struct Count(int Sends, int Verified)
{
    /// <summary>One instance's column in a shared row: both counts in one 64-bit property.</summary>
    public long Packed => ((long)Sends << 32) | (uint)Verified;

    public static Count Unpack(long value) => new((int)(value >> 32), (int)(value & 0xFFFFFFFF));
}
