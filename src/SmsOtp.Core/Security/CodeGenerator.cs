namespace SmsOtp.Core.Security;

/// <summary>
/// One-time codes from the OS's cryptographic generator. <see cref="RandomNumberGenerator.GetInt32(int)"/>
/// rejects out-of-range draws, so each character is uniform over the alphabet (no modulo bias).
/// </summary>
public static class CodeGenerator
{
    public const string Digits = "0123456789";

    /// <summary>Upper-case letters and digits; verification upper-cases input, so case does not matter.</summary>
    public const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string Generate(int length, bool alphanumeric) =>
        RandomNumberGenerator.GetString(alphanumeric ? Alphanumeric : Digits, length);
}
