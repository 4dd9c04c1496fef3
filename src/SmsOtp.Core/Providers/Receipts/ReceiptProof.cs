namespace SmsOtp.Core.Providers.Receipts;

/// <summary>
/// What a receipt's check is given (docs/providers.md §10): the request as the provider made it, every receipt secret in
/// force (the current and, during a rotation, the previous), the reports read from it, the keys of our message references,
/// the entry's signature method and the time. Every comparison is in constant time; a missing header, secret or field is false.
/// </summary>
public sealed record ReceiptProof(
    ReceiptRequest Request,
    IReadOnlyList<string> Secrets,
    IReadOnlyList<ReceiptReport> Reports,
    IReadOnlyList<byte[]> ReferenceKeys,
    string SignatureMethod,
    DateTimeOffset Now)
{
    /// <summary>A secret token in the URL (Clickatell, BulkSMS, raw templates): equal to one of the tokens in force.</summary>
    public static bool Token(string? presented, IReadOnlyList<string> tokens) =>
        !string.IsNullOrEmpty(presented) && tokens.Any(token => token.Length > 0 && Equal(token, presented));

    /// <summary>Two texts compared in constant time.</summary>
    public static bool Equal(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
