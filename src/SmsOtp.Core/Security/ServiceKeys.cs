using Microsoft.Extensions.Hosting;

namespace SmsOtp.Core.Security;

/// <summary>
/// The service's own keys: the HMAC key for stored code hashes and the AES-GCM key for queue payloads
/// (plus the previous of each during a rotation), all from the secret source. Every call asks the
/// source (which caches and refreshes, see <see cref="CachingSecretSource"/>), so a rotated key is used
/// as soon as the source sees it; the parsed keys are reused while the secret values stay the same.
/// In Development, a missing key falls back to a fixed development key (with a warning) so the service
/// runs out of the box; elsewhere a missing key stops the host at start and fails the request later.
/// </summary>
public sealed partial class ServiceKeys(
    ISecretSource secrets,
    IOptionsMonitor<SecretOptions> options,
    IHostEnvironment environment,
    ILogger<ServiceKeys> logger)
{
    public const string PreviousSuffix = "-previous";

    private volatile Snapshot? _current;

    public async ValueTask<KeySet> GetAsync(CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var hmac = await secrets.GetAsync(o.HmacKeySecretName, cancellationToken).ConfigureAwait(false);
        var queue = await secrets.GetAsync(o.QueueKeySecretName, cancellationToken).ConfigureAwait(false);
        var previous = await secrets.GetAsync(o.QueueKeySecretName + PreviousSuffix, cancellationToken).ConfigureAwait(false);
        var previousHmac = await secrets.GetAsync(o.HmacKeySecretName + PreviousSuffix, cancellationToken).ConfigureAwait(false);

        var current = _current;
        if (current is not null && current.Hmac == hmac && current.Queue == queue && current.Previous == previous
            && current.PreviousHmac == previousHmac
            && current.HmacName == o.HmacKeySecretName && current.QueueName == o.QueueKeySecretName)
        {
            return current.Keys;
        }

        var queueKey = Parse(o.QueueKeySecretName, queue);
        var keys = new KeySet(Parse(o.HmacKeySecretName, hmac), queueKey, KeyId(queueKey));
        if (previous is not null)
        {
            var previousKey = Parse(o.QueueKeySecretName + PreviousSuffix, previous);
            keys = keys with { PreviousQueueKey = previousKey, PreviousQueueKeyId = KeyId(previousKey) };
        }

        if (previousHmac is not null)
        {
            keys = keys with { PreviousHmacKey = Parse(o.HmacKeySecretName + PreviousSuffix, previousHmac) };
        }

        _current = new Snapshot(o.HmacKeySecretName, o.QueueKeySecretName, hmac, queue, previous, previousHmac, keys);
        return keys;
    }

    /// <summary>
    /// Reads the queue keys from the store again, past any cache: a message names a key id this instance
    /// does not know when another instance saw a rotation first.
    /// </summary>
    public ValueTask<KeySet> RefreshAsync(CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        secrets.Refresh(o.QueueKeySecretName);
        secrets.Refresh(o.QueueKeySecretName + PreviousSuffix);
        return GetAsync(cancellationToken);
    }

    internal static string KeyId(byte[] key) => Convert.ToHexString(SHA256.HashData(key), 0, 4).ToLowerInvariant();

    private byte[] Parse(string name, string? value)
    {
        if (value is null)
        {
            if (!DevelopmentEnvironment.Is(environment))
            {
                throw new SecretNotFoundException(name);
            }

            LogDevelopmentKey(logger, name);
            return SHA256.HashData(Encoding.UTF8.GetBytes("smsotp-development-only-key/" + name));
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            key = Encoding.UTF8.GetBytes(value);
        }

        if (key.Length < 32)
        {
            throw new InvalidOperationException($"Secret '{name}' must hold at least 32 bytes (base64 of 32 random bytes: openssl rand -base64 32).");
        }

        return key.Length == 32 ? key : SHA256.HashData(key);
    }

    private sealed record Snapshot(string HmacName, string QueueName, string? Hmac, string? Queue, string? Previous, string? PreviousHmac, KeySet Keys);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Secret {SecretName} is not configured; using the fixed development key. Never run like this outside Development.")]
    private static partial void LogDevelopmentKey(ILogger logger, string secretName);
}
