namespace SmsOtp.Testing;

/// <summary>One fault switch of one service, as recorded by <see cref="StorageFaultProxy.Changes"/>.</summary>
/// <param name="OpenConnections">Connections open at the switch (closed or reset by it for Refuse and Reset).</param>
public sealed record StorageFaultChange(DateTimeOffset At, StorageService Service, StorageFault Previous, StorageFault Current, int OpenConnections)
{
    public override string ToString() => $"{At:HH:mm:ss.fff} {Service}: {Previous} -> {Current} ({OpenConnections} open)";
}
