using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SmsOtp.Testing;

/// <summary>Options of a <see cref="StorageFaultProxy"/>.</summary>
public sealed record StorageFaultProxyOptions
{
    /// <summary>Clock for <see cref="StorageFaultKind.Delay"/> and the timestamps of <see cref="StorageFaultChange"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Receives fault switches and retargets (never payloads or keys).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
