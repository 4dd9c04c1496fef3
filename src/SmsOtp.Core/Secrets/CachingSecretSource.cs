using System.Collections.Concurrent;

namespace SmsOtp.Core.Secrets;

/// <summary>
/// Caches another source's answers (missing ones too) for <c>SmsOtp:SecretRefreshSeconds</c> by the
/// <see cref="TimeProvider"/>, so Key Vault is read once per interval rather than per SMS and a rotated
/// secret is seen within one interval. When a refresh fails and an older value is held, the older value
/// is served (a vault outage does not stop delivery) and the failure is logged.
/// </summary>
public sealed partial class CachingSecretSource(
    ISecretSource inner,
    IOptions<SecretOptions> options,
    TimeProvider time,
    ILogger<CachingSecretSource> logger) : ISecretSource
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async ValueTask<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(name, out var entry) && !IsStale(entry))
        {
            return entry.Value;
        }

        // One reader refreshes; the others wait and take its answer instead of all asking the vault.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_entries.TryGetValue(name, out entry) && !IsStale(entry))
            {
                return entry.Value;
            }

            string? value;
            try
            {
                value = await inner.GetAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (entry is not null && e is not OperationCanceledException)
            {
                LogRefreshFailed(logger, name, e.GetType().Name);
                return entry.Value;
            }

            _entries[name] = new Entry(value, time.GetUtcNow());
            return value;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task CheckAsync(CancellationToken cancellationToken) => inner.CheckAsync(cancellationToken);

    public void Refresh(string name) => _entries.TryRemove(name, out _);

    private bool IsStale(Entry entry) => time.GetUtcNow() - entry.ReadAt >= options.Value.RefreshInterval;

    private sealed record Entry(string? Value, DateTimeOffset ReadAt);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning,
        Message = "Refreshing secret {SecretName} failed ({ExceptionType}); the value read earlier stays in use")]
    private static partial void LogRefreshFailed(ILogger logger, string secretName, string exceptionType);
}
