namespace SmsOtp.Core.Security;

/// <summary>
/// Keyed hashes (HMAC-SHA256) of codes, bound to a context (the challenge and code version, or the
/// user for backup codes) so a hash cannot be replayed elsewhere. Comparison is constant-time.
/// </summary>
public static class CodeHasher
{
    public static string Hash(byte[] key, string context, string normalizedCode)
    {
        Span<byte> mac = stackalloc byte[32];
        var input = Encoding.UTF8.GetBytes(context + "\n" + normalizedCode);
        HMACSHA256.HashData(key, input, mac);
        return Convert.ToBase64String(mac);
    }

    public static bool Matches(byte[] key, string context, string normalizedCode, string? storedHash)
    {
        if (storedHash is null)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        if (!Convert.TryFromBase64String(storedHash, expected, out var written) || written != 32)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(context + "\n" + normalizedCode), actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Trims white space; alphanumeric codes compare case-insensitively (spec §2.3).</summary>
    public static string Normalize(string code, bool alphanumeric)
    {
        var trimmed = code.Trim();
        return alphanumeric ? trimmed.ToUpperInvariant() : trimmed;
    }
}

/// <summary>
/// One-time codes from the OS's cryptographic generator. <see cref="RandomNumberGenerator.GetInt32(int)"/>
/// rejects out-of-range draws, so each character is uniform over the alphabet (no modulo bias).
/// </summary>
internal static class CodeGenerator
{
    public const string Digits = "0123456789";

    /// <summary>Upper-case letters and digits; verification upper-cases input, so case does not matter.</summary>
    public const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string Generate(int length, bool alphanumeric) =>
        RandomNumberGenerator.GetString(alphanumeric ? Alphanumeric : Digits, length);
}
