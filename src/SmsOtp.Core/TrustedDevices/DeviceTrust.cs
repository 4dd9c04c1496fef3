namespace SmsOtp.Core.TrustedDevices;

/// <summary>
/// Remembered devices (spec §15.1): a verified login may ask for a device token (256 random bits, shown once); a
/// later send that presents a live one for the same user is skipped. Only the token's HMAC (a key derived from the
/// HMAC key, bound to the user's row key, so another user's or tenant's token never matches) is kept, with its
/// expiry, on the user's row: the send reads that row anyway, so a skipped send is one point read and no write.
/// </summary>
public sealed partial class DeviceTrust(ServiceKeys keys, TenantOptions<TrustedDeviceOptions> options, TimeProvider time, ILogger<DeviceTrust> logger)
{
    /// <summary>Random bytes in a token (256 bits; the spec asks at least 128).</summary>
    public const int TokenBytes = 32;

    /// <summary>The longest <c>deviceToken</c> a request may carry; any shorter string is accepted and simply matches nothing.</summary>
    public const int MaxTokenLength = 256;

    private const string Purpose = "smsotp/trusted-devices";
    private const int HashBytes = 32;

    public bool IsOn(string? tenant) => options.For(tenant).IsOn;

    /// <summary>
    /// Whether <paramref name="token"/> is a live token of the row's user. The same work for any token of a given
    /// row (every stored entry is compared, in constant time, under every key in force), so how long it takes does
    /// not tell a wrong token from an expired or revoked one.
    /// </summary>
    public async ValueTask<bool> IsTrustedAsync(UserRecord record, string? token, CancellationToken cancellationToken)
    {
        if (token is null || !IsOn(record.Tenant))
        {
            return false;
        }

        var keySet = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var entries = DeviceTokenList.Parse(record.DeviceTokens);
        var found = false;
        Span<byte> actual = stackalloc byte[HashBytes];
        Span<byte> stored = stackalloc byte[HashBytes];
        foreach (var key in keySet.DeriveAll(Purpose))
        {
            Hash(key, record.PartitionKey, token, actual);
            foreach (var entry in entries)
            {
                var decoded = Convert.TryFromBase64String(entry.Hash, stored, out var written) && written == HashBytes;
                found |= decoded & CryptographicOperations.FixedTimeEquals(actual, stored) & entry.ExpiresAt > now;
            }
        }

        if (found)
        {
            LogTrusted(logger, record.PartitionKey);
        }

        return found;
    }

    /// <summary>
    /// A new token for the row's user, its hash added to the (not yet written) row: the caller writes it with the
    /// verification or the redemption. Expired entries go, then the oldest beyond <c>MaxPerUser</c>. Null when the
    /// tenant has trusted devices off.
    /// </summary>
    public async ValueTask<RememberedDevice?> RememberAsync(UserRecord record, CancellationToken cancellationToken)
    {
        var o = options.For(record.Tenant);
        if (!o.IsOn)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var expires = DateTimeOffset.FromUnixTimeSeconds(now.AddDays(o.Days).ToUnixTimeSeconds());
        var token = Base64Url.Encode(RandomNumberGenerator.GetBytes(TokenBytes));
        var keySet = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        Span<byte> hash = stackalloc byte[HashBytes];
        Hash(keySet.Derive(Purpose), record.PartitionKey, token, hash);

        var entries = DeviceTokenList.Parse(record.DeviceTokens).Where(e => e.ExpiresAt > now).ToList();
        entries.Add(new DeviceTokenList.Entry(Convert.ToBase64String(hash), expires));
        record.DeviceTokens = DeviceTokenList.Format(entries.Skip(Math.Max(0, entries.Count - o.MaxPerUser)));
        LogRemembered(logger, record.PartitionKey, expires);
        return new RememberedDevice(token, expires);
    }

    /// <summary>
    /// Forgets every device of the row's user, on the (not yet written) row: a new number, a lock, new backup codes
    /// and <c>DELETE /api/users/devices</c> call it in their own write. Returns whether there were any.
    /// </summary>
    public static bool RevokeAll(UserRecord record)
    {
        var had = record.DeviceTokens is not null;
        record.DeviceTokens = null;
        return had;
    }

    private static void Hash(byte[] key, string partitionKey, string token, Span<byte> destination) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(partitionKey + "\n" + token), destination);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Device remembered for user {UserKey} until {ExpiresAt}")]
    private static partial void LogRemembered(ILogger logger, string userKey, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Send skipped for user {UserKey}: a remembered device")]
    private static partial void LogTrusted(ILogger logger, string userKey);
}
