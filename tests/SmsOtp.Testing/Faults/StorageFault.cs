namespace SmsOtp.Testing;

/// <summary>
/// A fault the <see cref="StorageFaultProxy"/> injects: <see cref="Pass"/>, <see cref="Refuse"/>,
/// <see cref="Reset"/>, <see cref="Delay"/> or <see cref="Hang"/> (see <see cref="StorageFaultKind"/>).
/// </summary>
public sealed record StorageFault
{
    private StorageFault(StorageFaultKind kind, TimeSpan latency)
    {
        Kind = kind;
        Latency = latency;
    }

    public StorageFaultKind Kind { get; }

    /// <summary>For <see cref="StorageFaultKind.Delay"/>: how long each chunk is held; zero otherwise.</summary>
    public TimeSpan Latency { get; }

    public static StorageFault Pass { get; } = new(StorageFaultKind.Pass, TimeSpan.Zero);
    public static StorageFault Refuse { get; } = new(StorageFaultKind.Refuse, TimeSpan.Zero);
    public static StorageFault Reset { get; } = new(StorageFaultKind.Reset, TimeSpan.Zero);
    public static StorageFault Hang { get; } = new(StorageFaultKind.Hang, TimeSpan.Zero);

    /// <summary>Each chunk read from either side is forwarded after <paramref name="latency"/>, so a request takes at least twice that.</summary>
    public static StorageFault Delay(TimeSpan latency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(latency, TimeSpan.Zero);
        return new StorageFault(StorageFaultKind.Delay, latency);
    }

    public override string ToString() =>
        Kind == StorageFaultKind.Delay
            ? $"Delay({Latency.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} ms)"
            : Kind.ToString();
}
