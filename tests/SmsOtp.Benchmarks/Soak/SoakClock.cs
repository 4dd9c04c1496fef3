using System.Diagnostics;

namespace SmsOtp.Benchmarks.Soak;

/// <summary>Time since the fault schedule began (negative before), on the <see cref="Stopwatch"/> clock.</summary>
public sealed class SoakClock
{
    private long _start = long.MaxValue;

    public bool Started => Volatile.Read(ref _start) != long.MaxValue;

    public void Start() => Volatile.Write(ref _start, Stopwatch.GetTimestamp());

    public TimeSpan Elapsed => At(Stopwatch.GetTimestamp());

    /// <summary>A <see cref="Stopwatch"/> timestamp on this clock.</summary>
    public TimeSpan At(long timestamp) => Started ? Stopwatch.GetElapsedTime(Volatile.Read(ref _start), timestamp) : TimeSpan.MinValue;
}
