namespace SmsOtp.Core.Security;

/// <summary>
/// The keys in force: <see cref="QueueKeyId"/> travels in each queue message. The previous queue key
/// (secret <c>&lt;QueueKeySecretName&gt;-previous</c>), when set, still opens messages sealed before a rotation;
/// the previous HMAC key (<c>&lt;HmacKeySecretName&gt;-previous</c>) still matches codes and backup codes
/// hashed before one. New hashes always use <see cref="HmacKey"/>.
/// </summary>
public sealed record KeySet(byte[] HmacKey, byte[] QueueKey, string QueueKeyId)
{
    public byte[]? PreviousHmacKey { get; init; }

    /// <summary>The keys a stored hash may have been made with: the current one first.</summary>
    public IReadOnlyList<byte[]> HmacKeys => PreviousHmacKey is null ? [HmacKey] : [HmacKey, PreviousHmacKey];

    public byte[]? PreviousQueueKey { get; init; }

    public string? PreviousQueueKeyId { get; init; }

    /// <summary>The queue key a message names by its key id, or null when neither key has that id.</summary>
    public byte[]? QueueKeyFor(string? keyId) =>
        keyId == QueueKeyId ? QueueKey : keyId is not null && keyId == PreviousQueueKeyId ? PreviousQueueKey : null;

    /// <summary>The key for <paramref name="purpose"/> under each HMAC key in force (current first), to check what either made.</summary>
    public IReadOnlyList<byte[]> DeriveAll(string purpose) =>
        [.. HmacKeys.Select(k => HKDF.DeriveKey(HashAlgorithmName.SHA256, k, 32, info: Encoding.UTF8.GetBytes(purpose)))];

    /// <summary>
    /// A key for one purpose (e.g. <c>smsotp/pages/flow</c>), derived with HKDF-SHA256 from the HMAC key, so
    /// the hosted pages' tokens need no secret of their own (and a rotation of the HMAC key ends them).
    /// </summary>
    public byte[] Derive(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, HmacKey, 32, info: Encoding.UTF8.GetBytes(purpose));
}
