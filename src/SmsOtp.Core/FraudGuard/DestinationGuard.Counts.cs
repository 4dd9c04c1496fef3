namespace SmsOtp.Core.FraudGuard;

/// <summary>The counts <see cref="DestinationGuard"/> judges by: a destination's window, and the spending caps' hour.</summary>
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
