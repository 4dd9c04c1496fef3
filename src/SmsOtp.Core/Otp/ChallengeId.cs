using SmsOtp.Core.Users;

namespace SmsOtp.Core.Otp;

/// <summary>
/// A challenge id: base64url of the user's row key (16 bytes) and 16 random bytes (128 bits). The row key
/// makes verify a single point read; the random part is what makes the id unguessable.
/// </summary>
public readonly record struct ChallengeId(string PartitionKey, string Nonce)
{
    private const int NonceLength = 16;

    public static ChallengeId New(UserKey user) =>
        new(user.PartitionKey, Base64Url.Encode(Security.CodeGenerator.RandomBytes(NonceLength)));

    public override string ToString()
    {
        Span<byte> buffer = stackalloc byte[UserKey.HashLength + NonceLength];
        Base64Url.TryDecode(PartitionKey, UserKey.HashLength, out var pk);
        Base64Url.TryDecode(Nonce, NonceLength, out var nonce);
        pk.CopyTo(buffer);
        nonce.CopyTo(buffer[UserKey.HashLength..]);
        return Base64Url.Encode(buffer);
    }

    public static bool TryParse(string? text, out ChallengeId id)
    {
        id = default;
        if (!Base64Url.TryDecode(text, UserKey.HashLength + NonceLength, out var bytes))
        {
            return false;
        }

        id = new ChallengeId(Base64Url.Encode(bytes.AsSpan(0, UserKey.HashLength)), Base64Url.Encode(bytes.AsSpan(UserKey.HashLength)));
        return true;
    }

    /// <summary>Constant-time comparison of the random part with the one stored on the row.</summary>
    public bool NonceEquals(string? stored) =>
        stored is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(Nonce), System.Text.Encoding.ASCII.GetBytes(stored));
}
