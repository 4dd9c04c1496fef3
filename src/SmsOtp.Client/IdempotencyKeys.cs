using System.Buffers.Text;
using System.Security.Cryptography;

namespace SmsOtp.Client;

/// <summary>
/// <c>Idempotency-Key</c> values (spec §7.2): 1 to 64 characters of <c>A-Za-z0-9-_.:</c>. The client makes one per
/// send, mobile and resend call by itself; use these to make or check your own.
/// </summary>
public static class IdempotencyKeys
{
    /// <summary>The longest key the service accepts.</summary>
    public const int MaxLength = 64;

    /// <summary>A new random key: 128 bits from the OS's cryptographic generator, base64url (22 characters).</summary>
    /// <returns>The key.</returns>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Whether <paramref name="key"/> is 1 to 64 characters of <c>A-Za-z0-9-_.:</c>.</summary>
    /// <param name="key">The key to check.</param>
    /// <returns>True when the service accepts it.</returns>
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength } && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    internal static string OrNew(string? key, string parameterName)
    {
        if (key is null)
        {
            return New();
        }

        return IsValid(key)
            ? key
            : throw new ArgumentException("An Idempotency-Key is 1 to 64 characters of A-Za-z0-9-_.:", parameterName);
    }
}
