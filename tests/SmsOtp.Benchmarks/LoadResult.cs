using System.Collections.Concurrent;

namespace SmsOtp.Benchmarks;

/// <summary>What one phase of logins measured.</summary>
public sealed class LoadResult
{
    private long _succeeded;

    public LatencySeries Send { get; } = new();
    public LatencySeries Verify { get; } = new();

    /// <summary>Service: send response received → SMS at the provider (negative: the SMS beat the response). Floor: queue put → claim written.</summary>
    public LatencySeries Delivery { get; } = new();

    /// <summary>Send request started → SMS at the provider.</summary>
    public LatencySeries DeliveryFromStart { get; } = new();

    public LatencySeries Login { get; } = new();
    public ConcurrentDictionary<string, int> Failures { get; } = new(StringComparer.Ordinal);
    public TimeSpan Elapsed { get; set; }
    public long Succeeded => Interlocked.Read(ref _succeeded);
    public double PerSecond => Succeeded / Elapsed.TotalSeconds;

    public void Success() => Interlocked.Increment(ref _succeeded);

    public void Fail(string reason) => Failures.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public void Absorb(LoadResult other)
    {
        Send.AddRange(other.Send);
        Verify.AddRange(other.Verify);
        Delivery.AddRange(other.Delivery);
        DeliveryFromStart.AddRange(other.DeliveryFromStart);
        Login.AddRange(other.Login);
        foreach (var (reason, n) in other.Failures)
        {
            Failures.AddOrUpdate(reason, n, (_, m) => m + n);
        }

        Interlocked.Add(ref _succeeded, other.Succeeded);
        Elapsed += other.Elapsed;
    }
}
