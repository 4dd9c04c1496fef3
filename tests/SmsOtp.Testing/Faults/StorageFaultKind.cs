namespace SmsOtp.Testing;

/// <summary>What a <see cref="StorageFault"/> does to the connections of a storage service.</summary>
public enum StorageFaultKind
{
    /// <summary>Forward bytes as they come.</summary>
    Pass,

    /// <summary>Nothing listens on the port (connection refused); open connections are closed.</summary>
    Refuse,

    /// <summary>Connections are accepted and reset at once (TCP RST); open connections are reset too.</summary>
    Reset,

    /// <summary>Every chunk, both directions, is forwarded only after <see cref="StorageFault.Latency"/>.</summary>
    Delay,

    /// <summary>Connections are accepted and read, but nothing is forwarded or answered (a frozen storage).</summary>
    Hang,
}
