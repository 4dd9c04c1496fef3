using System.Collections.Concurrent;

namespace SmsOtp.Core.Providers;

/// <summary>
/// When each provider's circuit breaker closes again, as the resilience pipeline reports it: delivery waits
/// that long before its next attempt instead of spending attempts on a provider it knows to be skipped.
/// </summary>
public sealed class ProviderBreakers(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _openUntil = new(StringComparer.Ordinal);

    internal void Opened(string provider, TimeSpan breakDuration) => _openUntil[provider] = time.GetUtcNow() + breakDuration;

    internal void Closed(string provider) => _openUntil.TryRemove(provider, out _);

    /// <summary>How long the provider's breaker stays open, or null when it is closed (or half-open).</summary>
    public TimeSpan? OpenFor(string provider) =>
        _openUntil.TryGetValue(provider, out var until) && until - time.GetUtcNow() is { Ticks: > 0 } left ? left : null;
}
