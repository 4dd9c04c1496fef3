namespace SmsOtp.Core.Security;

/// <summary>
/// The keys in force: <see cref="QueueKeyId"/> travels in each queue message. The previous queue key
/// (secret <c>&lt;QueueKeySecretName&gt;-previous</c>), when set, still opens messages sealed before a rotation.
/// </summary>
public sealed record KeySet(byte[] HmacKey, byte[] QueueKey, string QueueKeyId)
{
    public byte[]? PreviousQueueKey { get; init; }

    public string? PreviousQueueKeyId { get; init; }

    /// <summary>The queue key a message names by its key id, or null when neither key has that id.</summary>
    public byte[]? QueueKeyFor(string? keyId) =>
        keyId == QueueKeyId ? QueueKey : keyId is not null && keyId == PreviousQueueKeyId ? PreviousQueueKey : null;
}
