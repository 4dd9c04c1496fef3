using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsOtp.Core.Configuration;
using SmsOtp.Core.Secrets;

namespace SmsOtp.Core.Security;

/// <summary>
/// The service's own keys: the HMAC key for stored code hashes and the AES-GCM key for queue payloads,
/// both from the secret source. In Development, a missing key falls back to a fixed development key
/// (with a warning) so the service runs out of the box; elsewhere a missing key stops the host.
/// </summary>
public sealed partial class ServiceKeys(
    ISecretSource secrets,
    IOptionsMonitor<SmsOtpOptions> options,
    IHostEnvironment environment,
    ILogger<ServiceKeys> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile KeySet? _current;

    public async ValueTask<KeySet> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null)
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is null)
            {
                var o = options.CurrentValue;
                var hmac = await LoadAsync(o.HmacKeySecretName, cancellationToken).ConfigureAwait(false);
                var queue = await LoadAsync(o.QueueKeySecretName, cancellationToken).ConfigureAwait(false);
                _current = new KeySet(hmac, queue, KeyId(queue));
            }

            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets cached keys so the next use reads the secret source again (rotation).</summary>
    public void Invalidate() => _current = null;

    internal static string KeyId(byte[] key) => Convert.ToHexString(SHA256.HashData(key), 0, 4).ToLowerInvariant();

    private async Task<byte[]> LoadAsync(string name, CancellationToken cancellationToken)
    {
        var value = await secrets.GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (value is null)
        {
            if (!environment.IsDevelopment())
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

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Secret {SecretName} is not configured; using the fixed development key. Never run like this outside Development.")]
    private static partial void LogDevelopmentKey(ILogger logger, string secretName);
}
