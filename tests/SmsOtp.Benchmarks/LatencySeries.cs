using System.Diagnostics;
using System.Globalization;

namespace SmsOtp.Benchmarks;

/// <summary>Latency samples in milliseconds, safe to add to from many virtual users.</summary>
public sealed class LatencySeries
{
    private readonly List<double> _samples = [];
    private double[]? _sorted;

    public int Count
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count;
            }
        }
    }

    public void Add(long fromTimestamp, long toTimestamp) => Add((toTimestamp - fromTimestamp) * 1000.0 / Stopwatch.Frequency);

    public void Add(double milliseconds)
    {
        lock (_samples)
        {
            _samples.Add(milliseconds);
            _sorted = null;
        }
    }

    public void AddRange(LatencySeries other)
    {
        double[] copy;
        lock (other._samples)
        {
            copy = [.. other._samples];
        }

        lock (_samples)
        {
            _samples.AddRange(copy);
            _sorted = null;
        }
    }

    /// <summary>Nearest-rank percentile; NaN when empty.</summary>
    public double Percentile(double p)
    {
        var sorted = Sorted();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public double Max => Sorted() is { Length: > 0 } s ? s[^1] : double.NaN;

    public string Summary() => Count == 0
        ? "no samples"
        : string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(50),7:0.0}  p95 {Percentile(95),7:0.0}  p99 {Percentile(99),7:0.0}  max {Max,7:0.0} ms  (n={Count})");

    private double[] Sorted()
    {
        lock (_samples)
        {
            if (_sorted is null)
            {
                _sorted = [.. _samples];
                Array.Sort(_sorted);
            }

            return _sorted;
        }
    }
}
