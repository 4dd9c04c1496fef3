namespace SmsOtp.Testing;

/// <summary>Counters of one service of a <see cref="StorageFaultProxy"/> (or their sum), taken at one moment.</summary>
/// <param name="Accepted">Connections accepted since start (including those reset at once).</param>
/// <param name="Open">Connections open now.</param>
/// <param name="Held">Chunks held now by <see cref="StorageFaultKind.Hang"/> (a frozen request or response).</param>
/// <param name="Resets">Connections the proxy reset (RST), by <see cref="StorageFaultKind.Reset"/> or a failed forward.</param>
/// <param name="BytesToStorage">Bytes forwarded from clients to the storage.</param>
/// <param name="BytesFromStorage">Bytes forwarded from the storage to clients.</param>
public sealed record StorageTraffic(long Accepted, long Open, long Held, long Resets, long BytesToStorage, long BytesFromStorage)
{
    public static StorageTraffic operator +(StorageTraffic a, StorageTraffic b) => new(
        a.Accepted + b.Accepted, a.Open + b.Open, a.Held + b.Held, a.Resets + b.Resets,
        a.BytesToStorage + b.BytesToStorage, a.BytesFromStorage + b.BytesFromStorage);
}
